package io.jamesdspam.mailet.module;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Optional;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.utils.PropertiesProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.mailet.backend.DspamBackendFactory;
import io.jamesdspam.mailet.backend.EmbeddedStorage;
import io.jamesdspam.mailet.backend.TimeBoundBackend;
import io.jamesdspam.mailet.configuration.DspamConfiguration;
import io.jamesdspam.mailet.mailbox.SpecialMailboxes;
import io.jamesdspam.mailet.readiness.DspamReadiness;
import io.jamesdspam.mailet.readiness.LearnedMessagesReadiness;
import io.jamesdspam.mailet.route.RouteLimits;
import io.jamesdspam.mailet.training.TrainingLedger;
import io.jamesdspam.mailet.training.TrainingLedgers;
import io.jamesdspam.mailet.user.DspamUserMapping;
import io.jamesdspam.mailet.user.JamesUserNames;

/**
 * The Guice bindings of the James side ({@code guice.extension.module} in
 * {@code extensions.properties}): the configuration read once from {@code dspam.properties} (the
 * defaults when the file is absent), the one backend every mailet, hook, listener, route and task
 * shares (closed when James stops, see {@link DspamBackendShutdown}; its store purged daily, see
 * {@link DailyPurge}), the recipient → DSPAM user mapping they must all agree on, the training
 * ledger and the readiness rule. Every binding of the plugin is here: the interfaces name no
 * implementation. Metrics come from James's own {@code MetricFactory}.
 */
public class DspamModule extends AbstractModule {
    private static final Logger LOGGER = LoggerFactory.getLogger(DspamModule.class);
    public static final String PROPERTIES_NAME = "dspam";

    @Override
    protected void configure() {
        bind(DspamBackendShutdown.class).asEagerSingleton();
        bind(DspamReadiness.class).to(LearnedMessagesReadiness.class);
    }

    @Provides
    @Singleton
    public DspamConfiguration dspamConfiguration(PropertiesProvider propertiesProvider) throws ConfigurationException {
        try {
            return DspamConfiguration.from(propertiesProvider.getConfiguration(PROPERTIES_NAME));
        } catch (FileNotFoundException e) {
            LOGGER.info("No {}.properties: DSPAM runs with its defaults (embedded engine)", PROPERTIES_NAME);
            return DspamConfiguration.defaults();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(PROPERTIES_NAME + ".properties: " + e.getMessage(), e);
        }
    }

    /** The embedded engine's store, opened once (the SQL store's pool serves the ledger too); empty for dspamd. */
    @Provides
    @Singleton
    public Optional<EmbeddedStorage> embeddedStorage(DspamConfiguration configuration, FileSystem fileSystem)
        throws FileNotFoundException, ConfigurationException {
        try {
            return DspamBackendFactory.openStorage(configuration, fileSystem.getBasedir().toPath());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(PROPERTIES_NAME + ".properties: " + e.getMessage(), e);
        }
    }

    @Provides
    @Singleton
    public DspamBackend dspamBackend(DspamConfiguration configuration, Optional<EmbeddedStorage> storage) {
        return DspamBackendFactory.create(configuration, storage);
    }

    /** The ledger of what the listener and the tasks trained, beside the dictionaries ({@link TrainingLedgers}). */
    @Provides
    @Singleton
    public TrainingLedger trainingLedger(DspamConfiguration configuration, Optional<EmbeddedStorage> storage,
                                         FileSystem fileSystem) throws IOException {
        return TrainingLedgers.open(storage.flatMap(EmbeddedStorage::sql),
            DspamBackendFactory.embeddedDirectory(configuration, fileSystem.getBasedir().toPath()));
    }

    /** The one bounded gate every mailet and the SMTP hook call the backend through (threads, breaker). */
    @Provides
    @Singleton
    public TimeBoundBackend timeBoundBackend(DspamBackend backend, DspamConfiguration configuration) {
        LOGGER.info("DSPAM backend {} calls bounded: {}", backend.name(), configuration.backendGuard());
        return new TimeBoundBackend(backend, configuration.backendGuard());
    }

    /** The configured mapping, for mailbox owners named as James names them (virtual hosting on or off). */
    @Provides
    @Singleton
    public DspamUserMapping dspamUserMapping(DspamConfiguration configuration, UsersRepository usersRepository,
                                             DomainList domainList) {
        return configuration.userMapping().within(JamesUserNames.of(usersRepository, domainList));
    }

    @Provides
    @Singleton
    public RouteLimits routeLimits(DspamConfiguration configuration) {
        return RouteLimits.from(configuration);
    }

    @Provides
    @Singleton
    public SpecialMailboxes specialMailboxes(DspamConfiguration configuration) {
        return configuration.specialMailboxes();
    }
}
