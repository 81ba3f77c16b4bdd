package io.jamesdspam.mailet.task;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;

/** An mbox file of numbered test messages, as the corpus route spools an upload. */
final class CorpusMbox {
    private CorpusMbox() {
    }

    /** Writes messages 1 to {@code count} ({@code message.apply(n)}, CRLF lines) as {@code directory/corpus.mbox}. */
    static Path write(Path directory, int count, IntFunction<String> message) throws IOException {
        StringBuilder mbox = new StringBuilder();
        for (int n = 1; n <= count; n++) {
            mbox.append("From sender").append(n).append("@example.net Thu Dec  3 12:00:00 2026\n")
                .append(message.apply(n).replace("\r\n", "\n")).append('\n');
        }
        Path file = directory.resolve("corpus.mbox");
        Files.writeString(file, mbox, StandardCharsets.UTF_8);
        return file;
    }
}
