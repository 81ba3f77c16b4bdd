package io.jamesdspam.it.retrain;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Arrays;
import java.util.stream.Collectors;

/** What every thread of this JVM is doing, for a test that waited in vain to say why. */
final class ThreadDump {
    private ThreadDump() {
    }

    /** All threads with their stacks, locks included, as {@code jstack} would show them. */
    static String ofAllThreads() {
        return Arrays.stream(ManagementFactory.getThreadMXBean().dumpAllThreads(true, true))
            .map(ThreadDump::describe)
            .collect(Collectors.joining("\n"));
    }

    private static String describe(ThreadInfo thread) {
        // ThreadInfo.toString stops after eight frames; a reactive stack needs more to be read
        StringBuilder text = new StringBuilder("\"" + thread.getThreadName() + "\" " + thread.getThreadState());
        if (thread.getLockName() != null) {
            text.append(" on ").append(thread.getLockName());
        }
        if (thread.getLockOwnerName() != null) {
            text.append(" owned by \"").append(thread.getLockOwnerName()).append('"');
        }
        text.append('\n');
        for (StackTraceElement frame : thread.getStackTrace()) {
            text.append("\tat ").append(frame).append('\n');
        }
        return text.toString();
    }
}
