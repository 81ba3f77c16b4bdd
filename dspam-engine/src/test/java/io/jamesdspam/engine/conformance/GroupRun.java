package io.jamesdspam.engine.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.config.DspamConf;
import io.jamesdspam.engine.storage.DspamStore;
import io.jamesdspam.engine.storage.InMemoryDspamStore;
import io.jamesdspam.engine.tool.StatsReport;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;

/**
 * One scenario of {@code reference/groups} (its README §1, §3) replayed on the engine: the
 * reference peer's dspam.conf settings that affect results, a group file (or none, for a
 * control run), and the phases of the scenario as the reference client drove them.
 */
final class GroupRun implements AutoCloseable {
    /** README §1.1: the settings of the reference daemon that affect results. */
    static final String REFERENCE_CONF = String.join("\n",
        "TrainingMode teft",
        "Preference \"trainingMode=TEFT\"",
        "Tokenizer osb",
        "Algorithm graham burton",
        "PValue bcr",
        "Feature noise",
        "Feature whitelist",
        "Preference \"enableBNR=on\"",
        "Preference \"enableWhitelist=on\"",
        "Preference \"whitelistThreshold=10\"",
        "Preference \"statisticalSedation=0\"",
        "Preference \"signatureLocation=headers\"",
        "Preference \"spamAction=deliver\"",
        "ProcessorBias on",
        "TestConditionalTraining on",
        "TrainPristine off",
        "AllowOverride trainingMode spamAction spamSubject statisticalSedation enableBNR",
        "AllowOverride enableWhitelist signatureLocation showFactors optIn optOut whitelistThreshold",
        "");

    final DspamStore store;
    final EmbeddedDspam engine;

    /** An engine on {@code store} with the reference settings and, when {@code groupFile} is not null, that group file. */
    GroupRun(DspamStore store, Path directory, String groupFile) {
        this.store = store;
        try {
            String conf = REFERENCE_CONF;
            Path group = directory.resolve("group");
            if (groupFile != null) {
                Files.writeString(group, groupFile + "\n", StandardCharsets.ISO_8859_1);
            }
            conf += "GroupConfig " + group + "\n";
            this.engine = EmbeddedDspam.create(EngineSettings.from(DspamConf.parse(conf)), store);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    GroupRun(Path directory, String groupFile) {
        this(new InMemoryDspamStore(), directory, groupFile);
    }

    static List<CorpusMessage> folds(int first, int last) {
        return Corpus.load().folds(first, last);
    }

    /** README §1.2's "fold 3, spam only" and P1x's spam-heavy list. */
    static List<CorpusMessage> folds(int first, int last, Predicate<CorpusMessage> filter) {
        return folds(first, last).stream().filter(filter).collect(Collectors.toList());
    }

    static List<CorpusMessage> sorted(List<CorpusMessage> messages) {
        return messages.stream().sorted(Comparator.comparing(CorpusMessage::sha256)).collect(Collectors.toList());
    }

    /** {@code --class=<truth> --source=corpus} for each message. */
    void corpusTrain(String user, List<CorpusMessage> messages) {
        for (CorpusMessage message : messages) {
            engine.execute(DspamRequest.train(List.of(DspamUser.of(user)), truth(message), TrainingSource.CORPUS,
                message.bytes()));
        }
    }

    /** {@code --process} for each message; with {@code retrainErrors}, a wrong result is retrained by signature. */
    List<Optional<DspamResult>> process(String user, List<CorpusMessage> messages, boolean retrainErrors) {
        DspamUser dspamUser = DspamUser.of(user);
        List<Optional<DspamResult>> results = new ArrayList<>();
        for (CorpusMessage message : messages) {
            Optional<DspamResult> result = engine.execute(DspamRequest.process(List.of(dspamUser), message.bytes()))
                .resultFor(dspamUser);
            results.add(result);
            if (retrainErrors && result.isPresent() && result.get().verdict() != truth(message).asVerdict()) {
                engine.execute(DspamRequest.retrain(List.of(dspamUser), truth(message),
                    result.get().signature().orElseThrow()));
            }
        }
        return results;
    }

    List<Optional<DspamResult>> classify(String user, List<CorpusMessage> messages) {
        DspamUser dspamUser = DspamUser.of(user);
        List<Optional<DspamResult>> results = new ArrayList<>();
        for (CorpusMessage message : messages) {
            results.add(engine.execute(DspamRequest.classify(List.of(dspamUser), message.bytes())).resultFor(dspamUser));
        }
        return results;
    }

    /** {@code dspam_stats -H user} of the engine's store, without its last (blank) line as {@link GroupReference#stats}. */
    String stats(String user) {
        String report = new StatsReport(DspamUser.of(user), store.totals(DspamUser.of(user))).longForm();
        return report.substring(0, report.lastIndexOf('\n', report.length() - 2) + 1);
    }

    private static TrainingClass truth(CorpusMessage message) {
        return message.isSpam() ? TrainingClass.SPAM : TrainingClass.INNOCENT;
    }

    @Override
    public void close() {
        engine.close();
    }
}
