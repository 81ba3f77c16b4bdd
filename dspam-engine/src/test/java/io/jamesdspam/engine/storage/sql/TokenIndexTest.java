package io.jamesdspam.engine.storage.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Token ids numbered in first-added order, found again by id, through growth and clearing. */
class TokenIndexTest {
    @Test
    void idsAreNumberedInTheOrderTheyWereFirstAddedAndFoundAgain() {
        Random random = new Random(20261207);
        TokenIndex index = new TokenIndex(4);
        Map<Long, Integer> numbers = new HashMap<>();
        List<Long> order = new ArrayList<>();
        // DSPAM's id 0 (the CRC of the empty string), the extremes, ids ending in many zero bits (short
        // tokens' CRCs), ids added again, and enough of them to grow the table several times
        List<Long> ids = new ArrayList<>(List.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 1L));
        for (int i = 0; i < 5_000; i++) {
            ids.add(random.nextInt(4) == 0 ? (long) random.nextInt(64) << 48 : random.nextLong());
            if (i % 7 == 0) {
                ids.add(ids.get(random.nextInt(ids.size())));
            }
        }
        for (long id : ids) {
            int expected = numbers.computeIfAbsent(id, unused -> {
                order.add(id);
                return order.size() - 1;
            });
            assertThat(index.add(id)).as("number of %d", id).isEqualTo(expected);
        }

        assertThat(index.size()).isEqualTo(order.size());
        for (int number = 0; number < order.size(); number++) {
            assertThat(index.idAt(number)).isEqualTo(order.get(number));
            assertThat(index.indexOf(order.get(number))).isEqualTo(number);
        }
        for (int i = 0; i < 1_000; i++) {
            long absent = random.nextLong();
            assertThat(index.indexOf(absent)).isEqualTo(numbers.getOrDefault(absent, -1));
        }
    }

    @Test
    void aClearedIndexForgetsItsIdsAndNumbersFromZeroAgain() {
        TokenIndex index = new TokenIndex(2);
        for (long id = 0; id < 100; id++) {
            index.add(id * 0x1_0000_0000L);
        }
        index.clear();

        assertThat(index.isEmpty()).isTrue();
        assertThat(index.indexOf(0)).isEqualTo(-1);
        assertThat(index.indexOf(99 * 0x1_0000_0000L)).isEqualTo(-1);
        assertThat(index.add(7)).isZero();
        assertThat(index.add(0)).isEqualTo(1);
        assertThat(index.add(7)).isZero();
        assertThat(index.size()).isEqualTo(2);
    }
}
