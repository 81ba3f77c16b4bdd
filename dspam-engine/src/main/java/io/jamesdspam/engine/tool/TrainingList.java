package io.jamesdspam.engine.tool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import io.jamesdspam.model.TrainingClass;

/**
 * A training sequence file: one message per line, {@code spam<TAB>path} or
 * {@code innocent<TAB>path}, applied in file order. Relative paths are taken from the current
 * directory; blank lines and lines starting with {@code #} are skipped. The whole file is checked
 * before anything is trained, so a bad line never leaves a half-run sequence.
 */
final class TrainingList {
    /** One line of the list. */
    static final class Item {
        private final TrainingClass trainingClass;
        private final Path file;
        private final String name;

        Item(TrainingClass trainingClass, Path file, String name) {
            this.trainingClass = trainingClass;
            this.file = file;
            this.name = name;
        }

        TrainingClass trainingClass() {
            return trainingClass;
        }

        Path file() {
            return file;
        }

        /** The path as written in the list, for output lines. */
        String name() {
            return name;
        }
    }

    private TrainingList() {
    }

    static List<Item> read(Path list) {
        List<String> lines;
        try {
            lines = Files.readAllLines(list, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ToolException("cannot read list " + list + ": " + e.getMessage(), e);
        }
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab < 0) {
                throw new ToolException(list + " line " + (i + 1) + ": expected 'spam<TAB>path' or 'innocent<TAB>path'");
            }
            TrainingClass trainingClass = DspamTool.trainingClass(line.substring(0, tab).trim(),
                list + " line " + (i + 1));
            String name = line.substring(tab + 1);
            Path file = Paths.get(name);
            if (!Files.isRegularFile(file)) {
                throw new ToolException(list + " line " + (i + 1) + ": no such file " + name);
            }
            items.add(new Item(trainingClass, file, name));
        }
        return items;
    }
}
