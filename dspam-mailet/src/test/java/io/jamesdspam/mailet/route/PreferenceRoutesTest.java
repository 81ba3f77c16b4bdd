package io.jamesdspam.mailet.route;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.apache.james.core.Username;
import org.apache.james.mailbox.inmemory.InMemoryMailboxManager;
import org.apache.james.mailbox.inmemory.manager.InMemoryIntegrationResources;
import org.apache.james.task.Hostname;
import org.apache.james.task.MemoryTaskManager;
import org.apache.james.user.memory.MemoryUsersRepository;
import org.apache.james.webadmin.WebAdminServer;
import org.apache.james.webadmin.WebAdminUtils;
import org.apache.james.webadmin.authentication.NoAuthenticationFilter;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.config.DspamConf;
import io.jamesdspam.engine.storage.JournalDspamStore;
import io.jamesdspam.mailet.mailbox.SpecialMailboxes;
import io.jamesdspam.mailet.readiness.LearnedMessagesReadiness;
import io.jamesdspam.mailet.testing.MemoryUsers;
import io.jamesdspam.mailet.testing.NoStatisticsBackend;
import io.jamesdspam.mailet.training.CorrectionTrainer;
import io.jamesdspam.mailet.training.InMemoryTrainingLedger;
import io.jamesdspam.mailet.user.DspamUserMapping;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingMode;

/** The preference and group routes, on a real embedded engine with a dspam.conf and a group file. */
class PreferenceRoutesTest {
    private static final Username BOB = Username.of("bob@example.org");
    private static final DspamUser BOB_DSPAM = DspamUser.of("bob@example.org");
    private static final String BOB_PATH = "/users/bob@example.org";

    @TempDir
    Path directory;

    private Path groupFile;
    private EmbeddedDspam engine;
    private MemoryUsersRepository usersRepository;
    private MemoryTaskManager taskManager;
    private WebAdminServer webAdminServer;

    @BeforeEach
    void setUp() throws Exception {
        groupFile = directory.resolve("group");
        Files.writeString(groupFile, "global:merged:*,-ceo@example.org\n"
            + "support:shared:support@example.org,bob@example.org\n"
            + "broken line\n"
            + "team:inoculation:bob@example.org,alice@example.org\n");
        engine = EmbeddedDspam.create(EngineSettings.from(DspamConf.parse(String.join("\n",
                "TrainingMode teft", "Preference \"spamAction=deliver\"", "Preference \"showFactors=off\"",
                "AllowOverride trainingMode showFactors optOut", "GroupConfig " + groupFile))),
            JournalDspamStore.open(directory.resolve("store")));
        usersRepository = MemoryUsers.repositoryWith(BOB, Username.of("carol+x@example.org"));
        start(engine);
    }

    private void start(DspamBackend backend) {
        if (webAdminServer != null) {
            webAdminServer.destroy();
            taskManager.stop();
        }
        InMemoryMailboxManager mailboxManager = InMemoryIntegrationResources.defaultResources().getMailboxManager();
        taskManager = new MemoryTaskManager(new Hostname("foo"));
        DspamRoutes routes = new DspamRoutes(taskManager, new JsonTransformer(), mailboxManager, usersRepository, backend,
            DspamUserMapping.recipient(), SpecialMailboxes.defaults(), new CorrectionTrainer(backend, new InMemoryTrainingLedger()),
            new LearnedMessagesReadiness(backend), Clock.systemUTC(), new RouteLimits(10_000, 100_000),
            new NoAuthenticationFilter());
        webAdminServer = WebAdminUtils.createWebAdminServer(routes).start();
        RestAssured.requestSpecification = WebAdminUtils.buildRequestSpecification(webAdminServer)
            .setBasePath(DspamRoutes.BASE_PATH)
            .build();
    }

    @AfterEach
    void tearDown() {
        webAdminServer.destroy();
        taskManager.stop();
        engine.close();
    }

    private static RequestSpecification text(String value) {
        return given().contentType("text/plain").body(value.getBytes(StandardCharsets.UTF_8));
    }

    @Nested
    class Defaults {
        @Test
        void listsTheDefaultsAllowOverrideAndEveryKnownPreference() {
            given().get("/preferences").then()
                .statusCode(200)
                .body("defaults.spamAction", is("deliver"))
                .body("defaults.showFactors", is("off"))
                .body("source", is("dspam.conf"))
                .body("allowOverride", is(List.of("optout", "showfactors", "trainingmode")))
                .body("known.name", hasItem("whitelistThreshold"))
                .body("known.find { it.name == 'spamAction' }.effective", is(false))
                .body("known.find { it.name == 'trainingMode' }.accepted", is("TEFT, TOE, TUM, NOTRAIN"));
        }

        @Test
        void anUnknownParameterIs400() {
            given().queryParam("user", "x").get("/preferences").then()
                .statusCode(400)
                .body("message", containsString("user"));
        }
    }

    @Nested
    class UserPreferences {
        @Test
        void setGetListAndDeleteARoundTrip() {
            text("TOE").put(BOB_PATH + "/preferences/TRAININGMODE").then()
                .statusCode(200)
                .body("user", is("bob@example.org"))
                .body("name", is("trainingMode"))
                .body("value", is("TOE"))
                .body("effective", is("TOE"))
                .body("overridable", is(true));
            assertThat(engine.settingsFor(BOB_DSPAM).trainingMode()).isEqualTo(TrainingMode.TOE);

            given().get(BOB_PATH + "/preferences/trainingMode").then()
                .statusCode(200)
                .body("value", is("TOE"));
            given().get(BOB_PATH + "/preferences").then()
                .statusCode(200)
                .body("own.trainingMode", is("TOE"))
                .body("effective.trainingMode", is("TOE"))
                .body("effective.spamAction", is("deliver"));

            given().delete(BOB_PATH + "/preferences/trainingmode").then().statusCode(204);

            given().get(BOB_PATH + "/preferences/trainingMode").then()
                .statusCode(200)
                .body("value", nullValue())
                .body("effective", nullValue());
            assertThat(engine.settingsFor(BOB_DSPAM).trainingMode()).isEqualTo(TrainingMode.TEFT);
        }

        @Test
        void aJsonStringBodyIsTheValue() {
            given().contentType("application/json").body("\"on\"").put(BOB_PATH + "/preferences/showFactors").then()
                .statusCode(200)
                .body("value", is("on"));
        }

        @Test
        void aDefaultShowsAsEffectiveWithoutAnOwnValue() {
            given().get(BOB_PATH + "/preferences/spamAction").then()
                .statusCode(200)
                .body("name", is("spamAction"))
                .body("value", nullValue())
                .body("effective", is("deliver"))
                .body("overridable", is(false));
        }

        @Test
        void anUnknownPreferenceIs400NamingIt() {
            text("on").put(BOB_PATH + "/preferences/colour").then()
                .statusCode(400)
                .body("message", containsString("unknown preference 'colour'"));
            given().get(BOB_PATH + "/preferences/colour").then()
                .statusCode(400)
                .body("message", containsString("unknown preference 'colour'"));
            given().delete(BOB_PATH + "/preferences/colour").then()
                .statusCode(400)
                .body("message", containsString("unknown preference 'colour'"));
        }

        @Test
        void aBadValueIs400NamingThePreferenceAndTheAcceptedValues() {
            text("sometimes").put(BOB_PATH + "/preferences/trainingMode").then()
                .statusCode(400)
                .body("message", containsString("trainingMode"))
                .body("message", containsString("TEFT, TOE, TUM, NOTRAIN"));
            assertThat(engine.preferences(BOB_DSPAM).isEmpty()).isTrue();
        }

        @Test
        void aNameNotInAllowOverrideIs403() {
            text("off").put(BOB_PATH + "/preferences/enableBNR").then()
                .statusCode(403)
                .body("message", containsString("'enableBNR' may not be set per user"));
        }

        @Test
        void anEmptyOrMultiLineBodyIs400() {
            text("").put(BOB_PATH + "/preferences/trainingMode").then()
                .statusCode(400)
                .body("message", containsString("use DELETE"));
            text("TOE\ntrainingMode=NOTRAIN").put(BOB_PATH + "/preferences/trainingMode").then()
                .statusCode(400)
                .body("message", containsString("one line"));
            assertThat(engine.preferences(BOB_DSPAM).isEmpty()).isTrue();
        }

        @Test
        void aFormBodyIsTheValueAndAnOversizedOneIs413() {
            given().contentType("application/x-www-form-urlencoded").body("TOE").put(BOB_PATH + "/preferences/trainingMode")
                .then().statusCode(200);
            assertThat(engine.preferences(BOB_DSPAM).get("trainingMode")).contains("TOE");
            text("x".repeat(RequestBodies.MAX_VALUE_BYTES + 1)).put(BOB_PATH + "/preferences/trainingMode").then()
                .statusCode(413)
                .body("message", containsString("preference value"));
        }

        @Test
        void deletingAPreferenceThatIsNotSetIs404() {
            given().delete(BOB_PATH + "/preferences/optOut").then()
                .statusCode(404)
                .body("message", containsString("'optOut' is not set"));
        }

        @Test
        void usersAreValidatedAsByTheOtherRoutes() {
            given().get("/users/nobody@example.org/preferences").then()
                .statusCode(404)
                .body("message", containsString("does not exist"));
            text("TOE").put("/users/a@b@c/preferences/trainingMode").then()
                .statusCode(400)
                .body("message", containsString("Invalid user"));
            given().queryParam("dryRun", "true").get(BOB_PATH + "/preferences").then()
                .statusCode(400);
        }
    }

    @Nested
    class Groups {
        @Test
        void theGroupFileWithItsErrorsPerLine() {
            given().get("/groups").then()
                .statusCode(200)
                .body("configured", is(true))
                .body("path", is(groupFile.toString()))
                .body("groups.name", is(List.of("global", "support", "team")))
                .body("groups[0].type", is("merged"))
                .body("groups[0].members", is(List.of("*", "-ceo@example.org")))
                .body("groups[2].line", is(4))
                .body("errors[0].line", is(3))
                .body("errors[0].text", is("broken line"))
                .body("errors[0].message", containsString("name:type"));
        }

        @Test
        void theGroupsOfAUserAndHow() {
            given().get(BOB_PATH + "/groups").then()
                .statusCode(200)
                .body("user", is("bob@example.org"))
                .body("dataUser", is("support"))
                .body("groups.name", is(List.of("support", "team")))
                .body("groups[0].how", containsString("shared dictionary 'support'"));
        }

        @Test
        void aUserInAMergedGroupReadsItAndAnEditTakesEffectWithoutRestart() throws Exception {
            usersRepository.addUser(Username.of("dan@example.org"), "secret");
            given().get("/users/dan@example.org/groups").then()
                .statusCode(200)
                .body("dataUser", is("dan@example.org"))
                .body("mergedWith", is("global"));

            Files.writeString(groupFile, "other:merged:dan@example.org,and.a.longer.line@example.org\n");
            given().get("/users/dan@example.org/groups").then()
                .statusCode(200)
                .body("mergedWith", is("other"));
        }

        @Test
        void ignoreGroupsIsShown() throws Exception {
            engine.close();
            engine = EmbeddedDspam.create(EngineSettings.from(DspamConf.parse(String.join("\n",
                    "AllowOverride ignoreGroups", "GroupConfig " + groupFile))),
                JournalDspamStore.open(directory.resolve("store2")));
            start(engine);
            text("on").put(BOB_PATH + "/preferences/ignoreGroups").then().statusCode(200);

            given().get(BOB_PATH + "/groups").then()
                .statusCode(200)
                .body("ignoreGroups", is(true))
                .body("dataUser", is("bob@example.org"))
                .body("groups", is(List.of()));
        }
    }

    @Nested
    class WithADspamdBackend {
        @BeforeEach
        void dspamd() {
            start(new NoStatisticsBackend());
        }

        @Test
        void everyRouteAnswers501SayingWhy() {
            given().get("/preferences").then().statusCode(501)
                .body("message", containsString("'dspamd' keeps no preferences here"));
            given().get(BOB_PATH + "/preferences").then().statusCode(501);
            given().get(BOB_PATH + "/preferences/trainingMode").then().statusCode(501);
            text("TOE").put(BOB_PATH + "/preferences/trainingMode").then().statusCode(501);
            given().delete(BOB_PATH + "/preferences/trainingMode").then().statusCode(501);
            given().get("/groups").then().statusCode(501)
                .body("message", containsString("dspamd reads its own GroupConfig"));
            given().get(BOB_PATH + "/groups").then().statusCode(501);
        }
    }
}
