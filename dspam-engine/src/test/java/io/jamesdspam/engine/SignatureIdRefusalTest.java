package io.jamesdspam.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.jamesdspam.engine.storage.ForwardingDspamStore;
import io.jamesdspam.engine.storage.InMemoryDspamStore;
import io.jamesdspam.engine.storage.MessageUpdate;
import io.jamesdspam.engine.storage.SignatureIdTakenException;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.UserOutcome;

/**
 * A store whose write refuses a taken signature id (SQL's unique key) is not asked whether an id
 * is free: the engine writes, and draws another id when the write is refused.
 */
class SignatureIdRefusalTest {
    private static final DspamUser BOB = DspamUser.of("bob");

    @Test
    void aRefusedIdIsDrawnAgainAndTheMessageIsAppliedOnceUnderTheNewId() {
        RefusingStore store = new RefusingStore(1);
        EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), store);

        UserOutcome outcome = engine.execute(DspamRequest.process(List.of(BOB), Messages.ham(1))).outcomes().get(0);

        assertThat(store.offered).hasSize(2);
        assertThat(store.offered.get(0)).isNotEqualTo(store.offered.get(1));
        assertThat(outcome.result().flatMap(r -> r.signature()).map(Signature::asString)).contains(store.offered.get(1));
        assertThat(store.signature(BOB, store.offered.get(1))).isPresent();
        assertThat(store.signature(BOB, store.offered.get(0))).isEmpty();
        assertThat(store.totals(BOB).innocentClassified() + store.totals(BOB).innocentLearned()).isEqualTo(1);
        assertThat(store.hasSignatureCalls).isZero();
    }

    @Test
    void aStoreRefusingEveryIdFailsTheMessageAfterTenWithNothingApplied() {
        RefusingStore store = new RefusingStore(Integer.MAX_VALUE);
        EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), store);

        UserOutcome outcome = engine.execute(DspamRequest.process(List.of(BOB), Messages.ham(1))).outcomes().get(0);

        assertThat(outcome.isClassified()).isFalse();
        assertThat(outcome.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("is taken"));
        assertThat(store.offered).hasSize(10).doesNotHaveDuplicates();
        assertThat(store.users()).isEmpty();
    }

    @Test
    void aStoreWithoutSuchAKeyIsAskedBeforeTheWrite() {
        RefusingStore store = new RefusingStore(0) {
            @Override
            public boolean refusesTakenSignatureIds() {
                return false;
            }
        };
        EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), store);

        engine.execute(DspamRequest.process(List.of(BOB), Messages.ham(1)));

        assertThat(store.hasSignatureCalls).isEqualTo(1);
        assertThat(store.offered).hasSize(1);
        assertThat(store.signature(BOB, store.offered.get(0))).isPresent();
    }

    /** The in-memory store behind a unique key that refuses the first {@code refusals} signatures written. */
    private static class RefusingStore extends ForwardingDspamStore {
        private final int refusals;
        final List<String> offered = new ArrayList<>();
        int hasSignatureCalls;

        RefusingStore(int refusals) {
            super(new InMemoryDspamStore());
            this.refusals = refusals;
        }

        @Override
        public boolean refusesTakenSignatureIds() {
            return true;
        }

        @Override
        public void apply(DspamUser user, MessageUpdate update) {
            if (update.signature().isPresent()) {
                offered.add(update.signature().get().id());
                if (offered.size() <= refusals) {
                    throw new SignatureIdTakenException("The signature id " + update.signature().get().id() + " is taken", null);
                }
            }
            super.apply(user, update);
        }

        @Override
        public boolean hasSignature(DspamUser user, String signatureId) {
            hasSignatureCalls++;
            return signature(user, signatureId).isPresent();
        }
    }
}
