package io.jamesdspam.benchmarks.users;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Stream;

import io.jamesdspam.benchmarks.DictionaryCopy;
import io.jamesdspam.engine.storage.DspamStore;
import io.jamesdspam.engine.storage.JournalDspamStore;
import io.jamesdspam.model.DspamUser;

/** The embedded journal store; options: {@code maximumLoadedUsers}, {@code dictionaryCacheBytes}, {@code backgroundCompaction}. */
final class JournalBenchmarkStore implements BenchmarkStore {
    static final String NAME = "journal";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DspamStore open(Path directory, Map<String, String> options) {
        JournalDspamStore.Options storeOptions = JournalDspamStore.Options.defaults();
        for (Map.Entry<String, String> option : options.entrySet()) {
            if (option.getKey().equals("maximumLoadedUsers")) {
                storeOptions = storeOptions.withMaximumLoadedUsers(Integer.parseInt(option.getValue()));
            } else if (option.getKey().equals("dictionaryCacheBytes")) {
                storeOptions = storeOptions.withDictionaryCacheBytes(Long.parseLong(option.getValue()));
            } else if (option.getKey().equals("backgroundCompaction")) {
                storeOptions = storeOptions.withCompactionInBackground(Boolean.parseBoolean(option.getValue()));
            } else {
                throw new IllegalArgumentException("Unknown journal store option '" + option.getKey()
                    + "'; known: maximumLoadedUsers, dictionaryCacheBytes, backgroundCompaction");
            }
        }
        return JournalDspamStore.open(directory, storeOptions);
    }

    @Override
    public Map<String, String> writerOptions() {
        // Users are written once each: keeping them loaded would only fill the heap
        return Map.of("maximumLoadedUsers", "2");
    }

    @Override
    public void createEmpty(Path directory) {
        // A new directory: the marker of a finished generation is what tells it from a half-done one
    }

    @Override
    public void write(DspamStore store, DspamUser user, DictionaryCopy.Sample sample) {
        sample.applyTo(store, user);
    }

    @Override
    public void clear(DspamStore store, DspamUser user) {
        store.purgeSignatures(user, LocalDate.MAX);
        store.purgeTokens(user, (id, statistics) -> true);
    }

    @Override
    public void settle(DspamStore store, DspamUser user) {
        ((JournalDspamStore) store).compact(user);
    }

    @Override
    public void generated(Path directory) {
        // Every user was settled as it was written
    }

    @Override
    public long diskBytes(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum();
        }
    }
}
