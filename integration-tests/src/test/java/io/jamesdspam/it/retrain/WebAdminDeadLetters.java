package io.jamesdspam.it.retrain;

import static io.restassured.RestAssured.given;

import java.util.List;

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

    /** Redelivers the dead letters of {@code group} and waits for WebAdmin's task to end. */
    void redeliver(String group) {
        String task = given().port(webAdminPort).queryParam("action", "reDeliver")
            .post("/events/deadLetter/groups/" + group)
            .then().statusCode(201).extract().jsonPath().getString("taskId");
        given().port(webAdminPort).get("/tasks/" + task + "/await").then().statusCode(200);
    }
}
