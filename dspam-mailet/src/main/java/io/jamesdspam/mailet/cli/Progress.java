package io.jamesdspam.mailet.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * One progress line, redrawn in place on a terminal (carriage return) and silent otherwise, so
 * that logs and pipes get only the final summary.
 */
final class Progress {
    private static final int BAR_WIDTH = 30;

    private final PrintWriter err;
    private final boolean terminal;
    private int shownLength;

    Progress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    void show(String line) {
        if (!terminal) {
            return;
        }
        StringBuilder redraw = new StringBuilder("\r").append(line);
        for (int i = line.length(); i < shownLength; i++) {
            redraw.append(' ');
        }
        err.print(redraw);
        err.flush();
        shownLength = line.length();
    }

    /** Ends the progress line, if one was drawn, so that what follows starts on a line of its own. */
    void finish() {
        if (shownLength > 0) {
            err.println();
            shownLength = 0;
        }
    }

    /** {@code [#########.....]  12/40  30%}. */
    static String bar(long done, long total) {
        int filled = total == 0 ? BAR_WIDTH : (int) (BAR_WIDTH * done / total);
        StringBuilder bar = new StringBuilder("[");
        for (int i = 0; i < BAR_WIDTH; i++) {
            bar.append(i < filled ? '#' : '.');
        }
        long percent = total == 0 ? 100 : 100 * done / total;
        return bar.append("] ").append(String.format(Locale.ROOT, "%d/%d %3d%%", done, total, percent)).toString();
    }
}
