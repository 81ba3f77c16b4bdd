package io.jamesdspam.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.jamesdspam.engine.storage.DspamStore;
import io.jamesdspam.engine.storage.InMemoryDspamStore;
import io.jamesdspam.engine.storage.MessageUpdate;
import io.jamesdspam.engine.storage.SignatureIdTakenException;
import io.jamesdspam.engine.storage.StoredSignature;
import io.jamesdspam.engine.storage.TokenStatistics;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamTotals;
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
    private static class RefusingStore implements DspamStore {
        private final InMemoryDspamStore store = new InMemoryDspamStore();
        private final int refusals;
        final List<String> offered = new ArrayList<>();
        int hasSignatureCalls;

        RefusingStore(int refusals) {
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
            store.apply(user, update);
        }

        @Override
        public boolean hasSignature(DspamUser user, String signatureId) {
            hasSignatureCalls++;
            return store.hasSignature(user, signatureId);
        }

        @Override
        public DspamTotals totals(DspamUser user) {
            return store.totals(user);
        }

        @Override
        public Map<Long, TokenStatistics> tokens(DspamUser user, Collection<Long> tokenIds) {
            return store.tokens(user, tokenIds);
        }

        @Override
        public Optional<StoredSignature> signature(DspamUser user, String signatureId) {
            return store.signature(user, signatureId);
        }

        @Override
        public List<DspamUser> users() {
            return store.users();
        }

        @Override
        public void forEachToken(DspamUser user, TokenVisitor visitor) {
            store.forEachToken(user, visitor);
        }

        @Override
        public long tokenCount(DspamUser user) {
            return store.tokenCount(user);
        }

        @Override
        public long purgeSignatures(DspamUser user, LocalDate createdBefore) {
            return store.purgeSignatures(user, createdBefore);
        }

        @Override
        public long purgeTokens(DspamUser user, TokenFilter filter) {
            return store.purgeTokens(user, filter);
        }
    }
}
