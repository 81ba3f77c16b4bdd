package io.jamesdspam.engine.storage.sql;

import java.time.LocalDate;

/**
 * Token rows to insert for one message (docs/ENGINE-SPEC.md §6.7): each new token gets 1 in a column whose
 * in-memory hits are positive, else 0, and today's {@code last_hit}. Ids ascend (unsigned), so
 * that concurrent writers lock rows in the same order.
 */
final class NewTokenRows {
    final long[] tokenIds;
    final int[] spamHits;
    final int[] innocentHits;
    final LocalDate lastHit;

    NewTokenRows(long[] tokenIds, int[] spamHits, int[] innocentHits, LocalDate lastHit) {
        this.tokenIds = tokenIds;
        this.spamHits = spamHits;
        this.innocentHits = innocentHits;
        this.lastHit = lastHit;
    }

    int size() {
        return tokenIds.length;
    }
}
