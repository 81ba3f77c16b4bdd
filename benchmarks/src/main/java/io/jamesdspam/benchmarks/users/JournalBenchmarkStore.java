package io.jamesdspam.benchmarks.users;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import io.jamesdspam.engine.storage.DspamStore;
import io.jamesdspam.engine.storage.JournalDspamStore;
import io.jamesdspam.model.DspamUser;

/** The embedded journal store; options: {@code maximumLoadedUsers}, {@code dictionaryCacheBytes}. */
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
            } else {
                throw new IllegalArgumentException("Unknown journal store option '" + option.getKey()
                    + "'; known: maximumLoadedUsers, dictionaryCacheBytes");
            }
        }
        return JournalDspamStore.open(directory, storeOptions);
    }

    @Override
    public void settle(DspamStore store, DspamUser user) {
        ((JournalDspamStore) store).compact(user);
    }

    @Override
    public long diskBytes(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum();
        }
    }
}
