package io.jamesdspam.engine.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.jamesdspam.engine.storage.TokenRows;
import io.jamesdspam.engine.tokenize.Diction;

class MessageTokensTest {
    @Test
    void everyEntryIsATokenWithTheStoredRowOfItsPosition() {
        Diction diction = new Diction();
        diction.emit("alpha");
        diction.emit("beta");
        diction.emit("beta");
        MessageTokens tokens = MessageTokens.of(diction);
        TokenRows rows = new TokenRows(2);
        rows.set(1, 7, 3);
        tokens.stored(rows);

        assertThat(tokens.ids()).containsExactly(diction.entryAt(0).id(), diction.entryAt(1).id());
        assertThat(tokens.existed(0)).isFalse();
        assertThat(tokens.loadedSpamHits(0)).isZero();
        assertThat(tokens.existed(1)).isTrue();
        assertThat(tokens.frequency(1)).isEqualTo(2);
        assertThat(tokens.loadedSpamHits(1)).isEqualTo(7);
        assertThat(tokens.loadedInnocentHits(1)).isEqualTo(3);
        assertThat(tokens.spamHits(1)).isEqualTo(7);
    }

    @Test
    void trainingChangesTheCountersButNotTheLoadedOnes() {
        Diction diction = new Diction();
        MessageTokens tokens = new MessageTokens(diction);
        int token = tokens.add(diction.emit("t"), true, 4, 5);

        tokens.hits(token, 6, 2);

        assertThat(tokens.spamHits(token)).isEqualTo(6);
        assertThat(tokens.innocentHits(token)).isEqualTo(2);
        assertThat(tokens.loadedSpamHits(token)).isEqualTo(4);
        assertThat(tokens.loadedInnocentHits(token)).isEqualTo(5);
    }

    @Test
    void loweringAFrequencyLowersTheEntrysToo() {
        Diction diction = new Diction();
        Diction.Entry entry = diction.emit("t");
        diction.emit("t");
        MessageTokens tokens = MessageTokens.of(diction);

        tokens.lowerFrequency(0);

        assertThat(tokens.frequency(0)).isEqualTo(1);
        assertThat(entry.frequency()).isEqualTo(1);
    }

    @Test
    void tokensAreAddedInEmissionOrderAndGrowPastTheirFirstCapacity() {
        Diction diction = new Diction();
        MessageTokens tokens = MessageTokens.of(diction);
        for (int i = 0; i < 100; i++) {
            assertThat(tokens.add(diction.emit("t" + i), false, 0, 0)).isEqualTo(i);
        }
        assertThat(tokens.size()).isEqualTo(100);
        assertThat(tokens.id(99)).isEqualTo(diction.entryAt(99).id());

        Diction other = new Diction();
        other.emit("first");
        Diction.Entry second = other.emit("second");
        assertThatThrownBy(() -> new MessageTokens(other).add(second, false, 0, 0))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDictionOrderIsRefusedWhileAnEntryHasNoToken() {
        Diction diction = new Diction();
        diction.emit("a");
        MessageTokens tokens = MessageTokens.of(diction);
        Diction.Entry late = diction.emit("b");
        assertThatThrownBy(tokens::inDictionOrder).isInstanceOf(IllegalStateException.class);

        tokens.add(late, false, 0, 0);
        assertThat(tokens.inDictionOrder()).containsExactlyInAnyOrder(0, 1);
    }

    @Test
    void aRowCountOtherThanTheTokensIsRefused() {
        Diction diction = new Diction();
        diction.emit("a");
        assertThatThrownBy(() -> MessageTokens.of(diction).stored(new TokenRows(2)))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void viewsOfOneTokenAreEqualAndServeAsKeys() {
        Diction diction = new Diction();
        diction.emit("a");
        diction.emit("b");
        MessageTokens tokens = MessageTokens.of(diction);
        Map<MessageToken, Integer> counted = new HashMap<>();

        counted.merge(tokens.token(0), 1, Integer::sum);
        counted.merge(tokens.token(0), 1, Integer::sum);
        counted.merge(tokens.token(1), 1, Integer::sum);

        assertThat(counted).containsEntry(tokens.token(0), 2).containsEntry(tokens.token(1), 1);
        assertThat(tokens.token(0)).isNotEqualTo(MessageTokens.of(diction).token(0));
        assertThatThrownBy(() -> tokens.token(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
