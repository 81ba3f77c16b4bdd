package io.jamesdspam.it.retrain;

import java.util.Optional;

import javax.inject.Singleton;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import org.apache.james.JamesServerExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.mailet.training.CorrectionTrainer;
import io.jamesdspam.mailet.training.InMemoryTrainingLedger;
import io.jamesdspam.mailet.training.TrainingLedger;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;

/** {@link RabbitMqNodeCrash}: the node dies holding the event, before DSPAM or the ledger saw the correction. */
class RetrainRabbitMqNodeCrashIT extends RabbitMqNodeCrash {
    private static final SwitchableBackend BACKEND = new SwitchableBackend();
    private static final Stall STALL = new Stall();

    @RegisterExtension
    @Order(1)
    static RabbitMqEventBusNodes rabbitMq = new RabbitMqEventBusNodes("dspam-it-node-crash");

    @RegisterExtension
    @Order(2)
    static JamesServerExtension james = RetrainItServer.extension(BACKEND, INLINE, new InMemoryTrainingLedger(),
        new AbstractModule() {
            @Override
            protected void configure() {
                install(rabbitMq.serverModule());
            }

            @Provides
            @Singleton
            CorrectionTrainer stallingTrainer(DspamBackend backend, TrainingLedger ledger) {
                return new StallingTrainer(backend, ledger, STALL);
            }
        });

    /** The dying node's trainer: stalls before the ledger and DSPAM see the correction. */
    private static final class StallingTrainer extends CorrectionTrainer {
        private final Stall stall;

        StallingTrainer(DspamBackend backend, TrainingLedger ledger, Stall stall) {
            super(backend, ledger);
            this.stall = stall;
        }

        @Override
        public Outcome correct(DspamUser user, String messageKey, byte[] message, TrainingClass trueClass,
                               Optional<String> operation) {
            stall.hold();
            return super.correct(user, messageKey, message, trueClass, operation);
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
        return 0;
    }

    @Override
    protected String where() {
        return "before-recording";
    }
}
