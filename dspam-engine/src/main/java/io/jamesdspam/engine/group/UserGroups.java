package io.jamesdspam.engine.group;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.jamesdspam.model.DspamUser;

/** The groups that apply to one user and how (docs/ENGINE-SPEC.md §11.3), as {@link GroupConfig#groupsOf} chose them. */
public final class UserGroups {
    private final DspamUser user;
    private final Optional<Group> shared;
    private final Optional<Group> merged;
    private final List<Group> inoculation;
    private final List<Group> classification;

    UserGroups(DspamUser user, Group shared, Group merged, List<Group> inoculation, List<Group> classification) {
        this.user = user;
        this.shared = Optional.ofNullable(shared);
        this.merged = Optional.ofNullable(merged);
        this.inoculation = List.copyOf(inoculation);
        this.classification = List.copyOf(classification);
    }

    /** No group applies. */
    public static UserGroups none(DspamUser user) {
        return new UserGroups(user, null, null, List.of(), List.of());
    }

    public boolean isEmpty() {
        return shared.isEmpty() && merged.isEmpty() && inoculation.isEmpty() && classification.isEmpty();
    }

    /** The user whose data this user reads and writes: the shared group's name, or the user. */
    public DspamUser dataUser() {
        return shared.map(group -> DspamUser.of(group.name())).orElse(user);
    }

    public Optional<Group> shared() {
        return shared;
    }

    /**
     * The merged group whose dictionary is read together with the user's. Empty for the group's own
     * user, a member of its own group through {@code *}: DSPAM's SQL drivers read it with
     * {@code uid IN (G,G)}, one row per token, so its counters are its own and must not be summed
     * twice. Summing them would double its totals while it is corpus-trained and make it learn BNR
     * patterns from 500 innocent messages instead of 1000 (reference G1, docs/reference/groups/README.md §3).
     */
    public Optional<DspamUser> mergedGroup() {
        return merged.filter(group -> !isOwnGroup(group)).map(group -> DspamUser.of(group.name()));
    }

    private boolean isOwnGroup(Group group) {
        return DspamUser.of(group.name()).equals(user);
    }

    /** The other named members of the user's inoculation groups, in file order. */
    public List<DspamUser> inoculationPeers() {
        return peers(inoculation, GroupMember.Kind.USER);
    }

    /** The other named members of the user's classification groups, in file order. */
    public List<DspamUser> classificationPeers() {
        return peers(classification, GroupMember.Kind.USER);
    }

    /** The global peers ({@code *user}) of the user's classification groups. */
    public List<DspamUser> globalPeers() {
        return peers(classification, GroupMember.Kind.GLOBAL_PEER);
    }

    private List<DspamUser> peers(List<Group> groups, GroupMember.Kind kind) {
        Set<String> seen = new LinkedHashSet<>();
        List<DspamUser> peers = new ArrayList<>();
        for (Group group : groups) {
            for (GroupMember member : group.members()) {
                if (member.kind() != kind) {
                    continue;
                }
                DspamUser peer = member.user();
                String key = peer.asString().toLowerCase(Locale.ROOT);
                if (!key.equals(user.asString().toLowerCase(Locale.ROOT)) && seen.add(key)) {
                    peers.add(peer);
                }
            }
        }
        return peers;
    }

    /** Each applying group with the way it applies, for administration. */
    public List<AppliedGroup> applied() {
        List<AppliedGroup> applied = new ArrayList<>();
        shared.ifPresent(group -> applied.add(new AppliedGroup(group, "reads and writes the shared dictionary '"
            + group.name() + "'")));
        merged.ifPresent(group -> applied.add(new AppliedGroup(group, isOwnGroup(group)
            ? "is the merged group's dictionary: reads and writes only its own"
            : "reads its own dictionary together with '" + group.name() + "', writes its own")));
        inoculation.forEach(group -> applied.add(new AppliedGroup(group,
            "its spam reports inoculate the other members; the others' reports inoculate it")));
        classification.forEach(group -> applied.add(new AppliedGroup(group,
            "uncertain innocent results are put to the peers" + (group.members().stream()
                .anyMatch(m -> m.kind() == GroupMember.Kind.GLOBAL_PEER) ? " (global group)" : ""))));
        return applied;
    }

    /** A group and how it applies to a user. */
    public static final class AppliedGroup {
        private final Group group;
        private final String how;

        AppliedGroup(Group group, String how) {
            this.group = group;
            this.how = how;
        }

        public String getName() {
            return group.name();
        }

        public String getType() {
            return group.type().name().toLowerCase(Locale.ROOT) + (group.managed() ? ",managed" : "");
        }

        public String getHow() {
            return how;
        }

        public int getLine() {
            return group.line();
        }
    }
}
