package io.jamesdspam.engine.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.model.DspamUser;

class GroupConfigTest {

    private static GroupConfig parse(String... lines) {
        return GroupConfig.parse(List.of(lines));
    }

    private static List<String> names(List<DspamUser> users) {
        return users.stream().map(DspamUser::asString).collect(Collectors.toList());
    }

    @Nested
    class Parsing {
        @Test
        void readsEveryTypeAndKeepsBadLinesAsErrorsWithTheirNumber() {
            GroupConfig config = parse(
                "# a comment",
                "; another",
                "team:shared:alice,bob",
                "desk:shared,managed:carol",
                "global:merged:*,-boss@example.org,-*@partner.org",
                "inoc:inoculation:alice,bob,carol",
                "peers:classification:alice,*global",
                "broken line",
                "x:sometimes:alice",
                "y:shared:-alice",
                "z:inoculation:");

            assertThat(config.groups()).extracting(Group::name).containsExactly("team", "desk", "global", "inoc", "peers");
            assertThat(config.groups().get(1).managed()).isTrue();
            assertThat(config.groups().get(1).type()).isEqualTo(GroupType.SHARED);
            assertThat(config.errors()).extracting(GroupConfig.LineError::line).containsExactly(8, 9, 10, 11);
            assertThat(config.errors().get(1).message()).contains("sometimes");
            assertThat(config.errors().get(2).message()).contains("merged groups only");
        }
    }

    @Nested
    class Membership {
        @Test
        void membersAreMatchedCaseInsensitivelyByNameDomainOrEveryone() {
            GroupConfig config = parse("a:inoculation:Alice,bob", "b:inoculation:*@example.org", "c:inoculation:*");

            assertThat(config.groupsOf(DspamUser.of("alice")).inoculationPeers()).extracting(DspamUser::asString)
                .containsExactly("bob");
            assertThat(config.groups().get(1).hasMember("carol@EXAMPLE.org")).isTrue();
            assertThat(config.groups().get(1).hasMember("carol@example.com")).isFalse();
            assertThat(config.groups().get(2).hasMember("anyone")).isTrue();
        }

        @Test
        void exclusionsTakeUsersOutOfAMergedGroup() {
            GroupConfig config = parse("global:merged:*,-boss,-*@partner.org");

            assertThat(config.groupsOf(DspamUser.of("newbie")).mergedGroup()).contains(DspamUser.of("global"));
            assertThat(config.groupsOf(DspamUser.of("boss")).mergedGroup()).isEmpty();
            assertThat(config.groupsOf(DspamUser.of("joe@partner.org")).mergedGroup()).isEmpty();
        }

        @Test
        void theGroupsOwnUserReadsOnlyItsOwnDictionary() {
            GroupConfig config = parse("global:merged:*");

            UserGroups global = config.groupsOf(DspamUser.of("global"));
            assertThat(global.mergedGroup()).as("not merged with itself").isEmpty();
            assertThat(global.applied()).extracting(UserGroups.AppliedGroup::getHow)
                .containsExactly("is the merged group's dictionary: reads and writes only its own");
            assertThat(config.groupsOf(DspamUser.of("Global")).mergedGroup()).as("another user")
                .contains(DspamUser.of("global"));
        }

        @Test
        void aGlobalPeerMakesEveryoneDeferToIt() {
            GroupConfig config = parse("global:classification:*global");

            assertThat(names(config.groupsOf(DspamUser.of("newbie")).globalPeers())).containsExactly("global");
            assertThat(config.groupsOf(DspamUser.of("global")).globalPeers()).as("not its own peer").isEmpty();
        }
    }

    @Nested
    class Precedence {
        @Test
        void theFirstSharedGroupWinsAndDropsTheGroupsListedBeforeIt() {
            GroupConfig config = parse(
                "early:classification:alice,bob",
                "global:merged:*",
                "team:shared:alice,carol",
                "other:shared:alice",
                "late:inoculation:alice,dave");

            UserGroups alice = config.groupsOf(DspamUser.of("alice"));
            assertThat(alice.dataUser()).isEqualTo(DspamUser.of("team"));
            assertThat(alice.mergedGroup()).isEmpty();
            assertThat(alice.classificationPeers()).isEmpty();
            assertThat(names(alice.inoculationPeers())).containsExactly("dave");
            assertThat(alice.applied()).extracting(UserGroups.AppliedGroup::getName).containsExactly("team", "late");
        }

        @Test
        void theFirstMergedGroupWins() {
            GroupConfig config = parse("one:merged:*", "two:merged:alice");
            assertThat(config.groupsOf(DspamUser.of("alice")).mergedGroup()).contains(DspamUser.of("one"));
        }
    }

    @Nested
    class Reloading {
        @TempDir
        Path directory;

        @Test
        void theFileIsReadAgainWhenItChangesAndAMissingFileMeansNoGroups() throws IOException {
            Path file = directory.resolve("group");
            GroupFile groups = new GroupFile(file);
            assertThat(groups.current().groups()).isEmpty();

            Files.writeString(file, "global:merged:*\n");
            assertThat(groups.current().groups()).extracting(Group::name).containsExactly("global");
            GroupConfig read = groups.current();
            assertThat(groups.current()).as("unchanged: not parsed again").isSameAs(read);

            Files.writeString(file, "team:shared:alice,bob\n");
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
            assertThat(groups.current().groups()).extracting(Group::name).containsExactly("team");

            Files.delete(file);
            assertThat(groups.current().groups()).isEmpty();
        }
    }
}
