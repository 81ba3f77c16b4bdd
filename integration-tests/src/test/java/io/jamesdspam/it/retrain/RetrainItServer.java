package io.jamesdspam.it.retrain;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.inject.Inject;

import com.google.inject.Module;
import com.google.inject.Provider;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import org.apache.james.JamesServerBuilder;
import org.apache.james.JamesServerExtension;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.data.UsersRepositoryModuleChooser;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.events.RetryBackoffConfiguration;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.utils.GuiceProbe;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.mailet.backend.TimeBoundBackend;
import io.jamesdspam.mailet.configuration.DspamConfiguration;
import io.jamesdspam.mailet.mailbox.SpecialMailboxes;
import io.jamesdspam.mailet.module.DspamModule;
import io.jamesdspam.mailet.readiness.DspamReadiness;
import io.jamesdspam.mailet.readiness.LearnedMessagesReadiness;
import io.jamesdspam.mailet.training.InMemoryTrainingLedger;
import io.jamesdspam.mailet.training.TrainingLedger;
import io.jamesdspam.mailet.user.DspamUserMapping;

/**
 * A full James 3.8.1 memory server for the retraining ITs, configured from the test resource
 * folder {@code retrain-it/} copied into the server's own {@code conf/}. The DSPAM backend is the
 * embedded engine behind {@link SwitchableBackend}; the event bus retries quickly so that
 * "DSPAM down, then back" fits in a test.
 */
final class RetrainItServer {
    static final String RESOURCES = "retrain-it";
    /** Files that replace some of {@link #RESOURCES}': James with {@code enableVirtualHosting=false}. */
    static final String WITHOUT_VIRTUAL_HOSTING = "retrain-it-without-virtual-hosting";

    private RetrainItServer() {
    }

    static JamesServerExtension extension(SwitchableBackend backend) {
        return extension(backend, DspamConfiguration.defaults());
    }

    /** The server with {@code configuration} as its {@code dspam.properties} (e.g. {@code listener.mode}). */
    static JamesServerExtension extension(SwitchableBackend backend, DspamConfiguration configuration) {
        return extension(backend, configuration, binder -> { });
    }

    /**
     * The server with {@code configuration} as its {@code dspam.properties}, and {@code overrides}
     * on top of the test bindings (e.g. James's distributed event bus instead of the in-VM one).
     * Bindings made here cannot be made again there.
     */
    static JamesServerExtension extension(SwitchableBackend backend, DspamConfiguration configuration, Module overrides) {
        return extension(backend, configuration, new InMemoryTrainingLedger(), overrides);
    }

    /** As above, with {@code ledger} as the server's training ledger (kept for the server's life). */
    static JamesServerExtension extension(SwitchableBackend backend, DspamConfiguration configuration,
                                          TrainingLedger ledger, Module overrides) {
        return extension(backend, configuration, ledger, overrides, List.of(RESOURCES));
    }

    /** The server of {@link #extension(SwitchableBackend)}, its users named without domain. */
    static JamesServerExtension withoutVirtualHosting(SwitchableBackend backend) {
        return extension(backend, DspamConfiguration.defaults(), new InMemoryTrainingLedger(), binder -> { },
            List.of(RESOURCES, WITHOUT_VIRTUAL_HOSTING));
    }

    /** {@code confFolders}: test resource folders copied into {@code conf/} in turn, a later file replacing an earlier. */
    private static JamesServerExtension extension(SwitchableBackend backend, DspamConfiguration configuration,
                                                  TrainingLedger ledger, Module overrides, List<String> confFolders) {
        return new JamesServerBuilder<MemoryJamesConfiguration>(tmpDir -> {
            confFolders.forEach(folder -> copyConf(tmpDir, folder));
            return MemoryJamesConfiguration.builder()
                .workingDirectory(tmpDir)
                .usersRepository(UsersRepositoryModuleChooser.Implementation.DEFAULT)
                .build();
        })
            .server(MemoryJamesServerMain::createServer)
            .overrideServerModule(binder -> {
                binder.bind(DspamBackend.class).toInstance(backend);
                binder.bind(TimeBoundBackend.class).toInstance(
                    new TimeBoundBackend(backend, DspamConfiguration.defaults().backendGuard()));
                binder.bind(DspamConfiguration.class).toInstance(configuration);
                // As DspamModule provides it: the mapping knows how this server names its users
                binder.bind(DspamUserMapping.class).toProvider(new UserMappingProvider(configuration)).in(Scopes.SINGLETON);
                binder.bind(SpecialMailboxes.class).toInstance(DspamConfiguration.defaults().specialMailboxes());
                // What DspamModule binds besides the above, the ledger kept for the server's life
                binder.bind(TrainingLedger.class).toInstance(ledger);
                binder.bind(DspamReadiness.class).to(LearnedMessagesReadiness.class);
                binder.bind(RetryBackoffConfiguration.class).toInstance(RetryBackoffConfiguration.builder()
                    .maxRetries(8).firstBackoff(Duration.ofMillis(50)).jitterFactor(0.5).build());
                Multibinder.newSetBinder(binder, GuiceProbe.class).addBinding().to(RetrainProbe.class);
            })
            .overrideServerModule(overrides)
            .lifeCycle(JamesServerExtension.Lifecycle.PER_CLASS)
            .build();
    }

    /** {@link DspamModule#dspamUserMapping}, on the server's own users repository and domain list. */
    private static final class UserMappingProvider implements Provider<DspamUserMapping> {
        private final DspamConfiguration configuration;
        @Inject
        private UsersRepository usersRepository;
        @Inject
        private DomainList domainList;

        UserMappingProvider(DspamConfiguration configuration) {
            this.configuration = configuration;
        }

        @Override
        public DspamUserMapping get() {
            return new DspamModule().dspamUserMapping(configuration, usersRepository, domainList);
        }
    }

    private static void copyConf(File workingDirectory, String folder) {
        try {
            Path conf = workingDirectory.toPath().resolve("conf");
            Files.createDirectories(conf);
            URL url = RetrainItServer.class.getClassLoader().getResource(folder);
            if (url == null) {
                throw new IllegalStateException("No test resource folder " + folder);
            }
            List<Path> files;
            try (Stream<Path> listing = Files.list(Paths.get(url.toURI()))) {
                files = listing.filter(Files::isRegularFile).collect(Collectors.toList());
            }
            for (Path file : files) {
                Files.copy(file, conf.resolve(file.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
