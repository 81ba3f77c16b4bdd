package io.jamesdspam.engine.storage.sql;

/**
 * Several of DSPAM's relative counter updates in a row ({@code c = max(c + d, 0)}, docs/ENGINE-SPEC.md
 * §6.7) as one: {@code c = max(c + add, floor)}. Folding {@code d} into {@code max(c + a, f)} gives
 * {@code max(c + a + d, max(f + d, 0))}, so any sequence of such updates is exactly one of these,
 * and the messages of a batch can change a row with one statement that leaves what their own
 * statements, one after the other, would have left.
 */
final class ClampedSum {
    /** No update at all: {@code c} unchanged. */
    static final ClampedSum NONE = new ClampedSum(0, Long.MIN_VALUE);

    private final long add;
    /** {@link Long#MIN_VALUE} until the first update: no floor yet. */
    private final long floor;

    private ClampedSum(long add, long floor) {
        this.add = add;
        this.floor = floor;
    }

    /** This, then {@code c = max(c + delta, 0)}. */
    ClampedSum then(long delta) {
        long newFloor = floor == Long.MIN_VALUE ? 0 : Math.max(floor + delta, 0);
        return new ClampedSum(add + delta, newFloor);
    }

    /** What a counter holding {@code value} holds after these updates. */
    long appliedTo(long value) {
        return Math.max(value + add, floor);
    }

    long add() {
        return add;
    }

    /** The floor of {@code max(c + add, floor)}; 0 or more once an update was folded in. */
    long floor() {
        if (floor == Long.MIN_VALUE) {
            throw new IllegalStateException("No update was folded in");
        }
        return floor;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ClampedSum)) {
            return false;
        }
        ClampedSum that = (ClampedSum) o;
        return add == that.add && floor == that.floor;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(add) * 31 + Long.hashCode(floor);
    }

    @Override
    public String toString() {
        return floor == Long.MIN_VALUE ? "c" : "max(c" + (add < 0 ? " - " + -add : " + " + add) + ", " + floor + ")";
    }
}
