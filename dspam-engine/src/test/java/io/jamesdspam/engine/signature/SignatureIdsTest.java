package io.jamesdspam.engine.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class SignatureIdsTest {

    /** Answers the given values in turn. */
    private static Random drawing(Integer... values) {
        Deque<Integer> next = new ArrayDeque<>(List.of(values));
        return new Random() {
            private static final long serialVersionUID = 1L;

            @Override
            public int nextInt(int bound) {
                return next.removeFirst();
            }
        };
    }

    private static Clock at(long epochSecond) {
        return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    }

    @Test
    void anIdIsTheHexSecondsThenTheProcessThenTheFirstFiveDigitsOfTwoDraws() {
        // DSPAM's own id 4b11c532158749980119923: 0x4b11c532, process 15874, 99801 and 19923
        SignatureIds ids = new SignatureIds(at(0x4b11c532L), 15874, drawing(998014321, 1992300000));

        assertThat(ids.next(id -> false)).isEqualTo("4b11c532158749980119923");
    }

    @Test
    void secondsArePaddedToEightHexDigitsAndShortDrawsKeptWhole() {
        SignatureIds ids = new SignatureIds(at(0x1234L), 7, drawing(42, 123456));

        assertThat(ids.next(id -> false)).isEqualTo("0000123474212345");
    }

    @Test
    void aTakenIdIsDrawnAgain() {
        SignatureIds ids = new SignatureIds(at(0x60000000L), 1, drawing(11111, 22222, 33333, 44444));

        assertThat(ids.next("6000000011111122222"::equals)).isEqualTo("6000000013333344444");
    }

    /** DSPAM's MySQL column holds 32 characters, a uid prefix included: the random digits give way, two stay. */
    @Test
    void aMaximumLengthCutsTheRandomDigitsNeverBelowTwo() {
        SignatureIds ids = new SignatureIds(at(0x4b11c532L), 4194303, drawing(998014321, 1992300000, 998014321, 1992300000));

        assertThat(ids.next(id -> false, 20)).isEqualTo("4b11c532419430399801");
        assertThat(ids.next(id -> false, 3)).isEqualTo("4b11c532419430399");
    }
}
