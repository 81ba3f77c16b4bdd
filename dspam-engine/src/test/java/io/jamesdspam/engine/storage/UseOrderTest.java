package io.jamesdspam.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.jamesdspam.model.DspamUser;

class UseOrderTest {
    private static final DspamUser ALICE = DspamUser.of("alice");
    private static final DspamUser BOB = DspamUser.of("bob");

    @Test
    void theLeastRecentlyUsedComesFirstAndAUseMovesACopyToTheEnd() {
        UseOrder<Object> order = new UseOrder<>();
        Object alice = new Object();
        Object bob = new Object();
        order.used(alice, ALICE);
        order.used(bob, BOB);
        assertThat(order.leastRecent(null)).contains(Map.entry(alice, ALICE));

        order.used(alice, ALICE);
        assertThat(order.leastRecent(null)).contains(Map.entry(bob, BOB));
        assertThat(order.leastRecent(bob)).as("the copy just loaded is spared").contains(Map.entry(alice, ALICE));
        assertThat(order.leastRecent(alice)).contains(Map.entry(bob, BOB));
    }

    /** An unloaded copy forgotten after a fresh copy of the same user was loaded must not take the fresh one along. */
    @Test
    void forgettingAnOldCopyKeepsTheFreshCopyOfTheSameUser() {
        UseOrder<Object> order = new UseOrder<>();
        Object unloaded = new Object();
        Object fresh = new Object();
        order.used(unloaded, ALICE);
        order.used(fresh, ALICE);

        order.forget(unloaded);

        assertThat(order.leastRecent(null)).contains(Map.entry(fresh, ALICE));
        order.forget(fresh);
        assertThat(order.leastRecent(null)).isEmpty();
    }
}
