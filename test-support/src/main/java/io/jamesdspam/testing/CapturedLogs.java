package io.jamesdspam.testing;

import java.util.List;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * Every event logged under a logger (and its children) while a scenario runs, to count the
 * errors the product logged and to check that no peer byte reached a log line raw.
 */
public final class CapturedLogs implements AutoCloseable {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLogs(String loggerName) {
        this.logger = (Logger) LoggerFactory.getLogger(loggerName);
        appender.start();
        logger.addAppender(appender);
    }

    /** Starts capturing what {@code loggerName} and its children log. */
    public static CapturedLogs of(String loggerName) {
        return new CapturedLogs(loggerName);
    }

    public synchronized List<ILoggingEvent> events() {
        synchronized (appender.list) {
            return List.copyOf(appender.list);
        }
    }

    public List<ILoggingEvent> errors() {
        return events().stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR)).collect(Collectors.toList());
    }

    /** The text of every warning logged. */
    public List<String> warnings() {
        return events().stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
            .collect(Collectors.toList());
    }

    /** Events whose text (message with its arguments) holds a control character other than TAB: a forged or garbled log line. */
    public List<String> linesWithControlCharacters() {
        return events().stream().map(ILoggingEvent::getFormattedMessage)
            .filter(CapturedLogs::hasControlCharacter)
            .map(line -> line.substring(0, Math.min(200, line.length())))
            .collect(Collectors.toList());
    }

    static boolean hasControlCharacter(String text) {
        return text != null && text.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f);
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
