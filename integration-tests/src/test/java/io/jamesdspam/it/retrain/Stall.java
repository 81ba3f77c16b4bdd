package io.jamesdspam.it.retrain;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where a dying node stops: armed, the first call to {@link #hold()} waits until the test has
 * killed the node, then fails (the thread of a killed process does nothing more either).
 */
final class Stall {
    private final AtomicBoolean armed = new AtomicBoolean();
    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    void arm() {
        armed.set(true);
    }

    /** Whether a call has reached the stall. */
    boolean hasArrived() {
        return arrived.getCount() == 0;
    }

    /** Lets the held call go on, to fail. */
    void release() {
        released.countDown();
    }

    void hold() {
        if (armed.compareAndSet(true, false)) {
            arrived.countDown();
            try {
                released.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("this node died here");
        }
    }
}
