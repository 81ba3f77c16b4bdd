package io.jamesdspam.it.retrain;

import org.apache.james.JamesServerExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jamesdspam.mailet.training.InMemoryTrainingLedger;
import io.jamesdspam.mailet.training.TrainingRecord;
import io.jamesdspam.model.DspamUser;

/**
 * {@link RabbitMqNodeCrash}: the node dies after DSPAM learned the correction, before the ledger
 * recorded it — the window a ledger claimed before DSPAM left open (the correction was lost);
 * DSPAM's operation key closes it.
 */
class RetrainRabbitMqNodeCrashAfterLearningIT extends RabbitMqNodeCrash {
    private static final SwitchableBackend BACKEND = new SwitchableBackend();
    private static final Stall STALL = new Stall();

    @RegisterExtension
    @Order(1)
    static RabbitMqEventBusNodes rabbitMq = new RabbitMqEventBusNodes("dspam-it-node-crash-learned");

    @RegisterExtension
    @Order(2)
    static JamesServerExtension james = RetrainItServer.extension(BACKEND, INLINE, new StallingLedger(STALL),
        rabbitMq.serverModule());

    /** The nodes' shared ledger, where the dying node stops before its first record. */
    private static final class StallingLedger extends InMemoryTrainingLedger {
        private final Stall stall;

        StallingLedger(Stall stall) {
            this.stall = stall;
        }

        @Override
        public void record(DspamUser user, String messageKey, TrainingRecord record) {
            stall.hold();
            super.record(user, messageKey, record);
        }
    }

    @Override
    protected SwitchableBackend backend() {
        return BACKEND;
    }

    @Override
    protected Stall stall() {
        return STALL;
    }

    @Override
    protected RabbitMqEventBusNodes rabbitMq() {
        return rabbitMq;
    }

    @Override
    protected long learnedBeforeTheNodeDies() {
        return 1;
    }

    @Override
    protected String where() {
        return "after-dspam-learned";
    }
}
