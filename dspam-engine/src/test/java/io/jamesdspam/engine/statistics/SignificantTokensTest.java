package io.jamesdspam.engine.statistics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.jamesdspam.engine.tokenize.Diction;

/**
 * The heap keeps its items in an array it shifts and reuses; these offers are checked against §3.4's
 * rule applied to a plain list, the way the heap kept them before: the newcomer goes above the most
 * significant item it beats (its distance as a float32 against the held double distances, then the
 * frequency, then the word count), or below all of them while there is room, and past the capacity
 * the least significant item leaves.
 */
class SignificantTokensTest {
    /** Few distinct values, so that equal distances, frequencies and word counts are common, as in mail. */
    private static final double[] PROBABILITIES = {0.01, 0.99, 0.4, 0.6, 0.5, 0.2, 0.8, 0.0001, 0.9999, 0.35};
    private static final String[] NAMES = {"word", "two words", "three more words", "a b c d"};

    @Test
    void heldItemsFollowTheRuleForEveryCapacity() {
        Random random = new Random(20261206);
        for (int capacity : new int[] {1, 2, 5, 15, 25, 27}) {
            for (int message = 0; message < 60; message++) {
                Diction diction = new Diction();
                MessageTokens tokens = new MessageTokens(diction);
                int count = 1 + random.nextInt(400);
                for (int i = 0; i < count; i++) {
                    String name = NAMES[random.nextInt(NAMES.length)] + " #" + i;
                    Diction.Entry entry = null;
                    int frequency = 1 + random.nextInt(3);
                    for (int f = 0; f < frequency; f++) {
                        entry = diction.emit(name);
                    }
                    tokens.probability(tokens.add(entry, false, 0, 0), PROBABILITIES[random.nextInt(PROBABILITIES.length)]);
                }
                SignificantTokens heap = new SignificantTokens(capacity);
                List<Integer> expected = new ArrayList<>();
                for (int token = 0; token < count; token++) {
                    heap.offer(tokens, token);
                    offerByTheRule(expected, tokens, token, capacity);
                }
                List<SignificantTokens.Item> held = heap.mostSignificantFirst();
                assertThat(held.stream().map(item -> item.token().entry().index()).collect(Collectors.toList()))
                    .as("capacity %d, %d tokens", capacity, count)
                    .isEqualTo(mostSignificantFirst(expected));
                assertThat(heap.size()).isEqualTo(held.size());
                for (SignificantTokens.Item item : held) {
                    int index = item.token().entry().index();
                    assertThat(item.probability()).isEqualTo(tokens.probability(index));
                    assertThat(item.frequency()).isEqualTo(tokens.frequency(index));
                }
            }
        }
    }

    /** §3.4 on a list of token indexes, least significant first. */
    private static void offerByTheRule(List<Integer> held, MessageTokens tokens, int offered, int capacity) {
        if (held.isEmpty() || !beats(tokens, offered, held.get(0))) {
            if (held.size() < capacity) {
                held.add(0, offered);
            }
            return;
        }
        int place = held.size() - 1;
        while (place > 0 && !beats(tokens, offered, held.get(place))) {
            place--;
        }
        held.add(place + 1, offered);
        if (held.size() > capacity) {
            held.remove(0);
        }
    }

    private static boolean beats(MessageTokens tokens, int offered, int held) {
        float offeredDelta = (float) Math.abs(0.5 - tokens.probability(offered));
        double heldDelta = Math.abs(0.5 - tokens.probability(held));
        if (offeredDelta != heldDelta) {
            return offeredDelta > heldDelta;
        }
        if (tokens.frequency(offered) != tokens.frequency(held)) {
            return tokens.frequency(offered) > tokens.frequency(held);
        }
        return words(tokens, offered) >= words(tokens, held);
    }

    private static int words(MessageTokens tokens, int index) {
        return TokenComplexity.words(tokens.entry(index).nameChars());
    }

    private static List<Integer> mostSignificantFirst(List<Integer> leastFirst) {
        List<Integer> reversed = new ArrayList<>(leastFirst);
        Collections.reverse(reversed);
        return reversed;
    }
}
