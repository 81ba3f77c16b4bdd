package io.jamesdspam.it.retrain;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.james.events.DispatchingFailureGroup;
import org.apache.james.events.EventBusName;
import org.awaitility.Awaitility;

/** James's event dead letters as an operator handles them: through WebAdmin's {@code /events/deadLetter}. */
final class WebAdminDeadLetters {
    private final int webAdminPort;

    WebAdminDeadLetters(int webAdminPort) {
        this.webAdminPort = webAdminPort;
    }

    /** The groups that hold dead letters, as WebAdmin names them. */
    List<String> groups() {
        return given().port(webAdminPort).get("/events/deadLetter/groups").jsonPath().getList("", String.class);
    }

    /** Starts redelivering every group's dead letters (WebAdmin's task runs on; not awaited). */
    void startRedeliveringAll() {
        given().port(webAdminPort).queryParam("action", "reDeliver").post("/events/deadLetter").then().statusCode(201);
    }

    /** Redelivers the dead letters of {@code group} and waits for WebAdmin's task to end. */
    void redeliver(String group) {
        String task = given().port(webAdminPort).queryParam("action", "reDeliver")
            .post("/events/deadLetter/groups/" + group)
            .then().statusCode(201).extract().jsonPath().getString("taskId");
        given().port(webAdminPort).get("/tasks/" + task + "/await").then().statusCode(200);
    }

    /**
     * Waits up to {@code wait} for {@code reached}, redelivering meanwhile the events {@code bus}
     * could not publish: James's RabbitMQ bus keeps such an event (no channel in time, seen on a
     * loaded CI machine) as a dead letter of its dispatching-failure group and fails the IMAP
     * command that caused it; an operator redelivers them to every group, and so does this.
     *
     * @return how many times failed dispatches were redelivered
     * @throws org.awaitility.core.ConditionTimeoutException when {@code reached} never held
     */
    int awaitRedeliveringFailedDispatches(EventBusName bus, Duration wait, Callable<Boolean> reached) {
        String dispatchingFailures = new DispatchingFailureGroup(bus).asString();
        AtomicInteger redeliveries = new AtomicInteger();
        Awaitility.await().atMost(wait).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (reached.call()) {
                return true;
            }
            // stored only once the publication failed for good: no publication is still under way
            if (groups().contains(dispatchingFailures)) {
                redeliver(dispatchingFailures);
                redeliveries.incrementAndGet();
            }
            return false;
        });
        return redeliveries.get();
    }
}
