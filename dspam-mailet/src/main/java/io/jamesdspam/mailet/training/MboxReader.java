package io.jamesdspam.mailet.training;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a corpus in mbox format one message at a time, so that a corpus of any size is trained in
 * bounded memory: a line starting with {@code From } at the start of the input or after an empty
 * line opens a message (the separator line itself is dropped); {@code >From } quoting (mboxrd) is
 * undone. A message larger than the limit is skipped whole (reported as such) rather than held.
 */
public final class MboxReader {
    /** Receives each message of the mbox. */
    public interface MessageConsumer {
        void accept(byte[] message) throws IOException;

        /** A message over the size limit, skipped; {@code size} is its length in bytes. */
        void tooLarge(long size) throws IOException;
    }

    private static final byte[] FROM = {'F', 'r', 'o', 'm', ' '};

    private final InputStream input;
    private final long maxMessageSize;

    public MboxReader(InputStream input, long maxMessageSize) {
        this.input = input;
        this.maxMessageSize = maxMessageSize;
    }

    /**
     * Reads the whole input.
     *
     * @throws IllegalArgumentException when the input does not start with a {@code From } line
     */
    public void read(MessageConsumer consumer) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        Message current = null;
        boolean previousLineEmpty = true;
        boolean atStart = true;
        while (readLine(line)) {
            byte[] bytes = line.toByteArray();
            if (atStart && bytes.length == 0) {
                continue;
            }
            atStart = false;
            if (previousLineEmpty && startsWith(bytes, 0, FROM)) {
                finish(current, consumer);
                current = new Message();
            } else {
                if (current == null) {
                    throw new IllegalArgumentException("The corpus is not in mbox format: it must start with a 'From ' line");
                }
                int quote = quotedFromOffset(bytes);
                current.append(bytes, quote, bytes.length - quote);
            }
            previousLineEmpty = isEmptyLine(bytes);
        }
        finish(current, consumer);
    }

    private void finish(Message message, MessageConsumer consumer) throws IOException {
        if (message == null || message.size == 0) {
            return;
        }
        if (message.size > maxMessageSize) {
            consumer.tooLarge(message.size);
        } else {
            consumer.accept(message.content.toByteArray());
        }
    }

    /** Reads one line with its line break into {@code line}; false at the end of the input. */
    private boolean readLine(ByteArrayOutputStream line) throws IOException {
        line.reset();
        int b;
        while ((b = input.read()) >= 0) {
            line.write(b);
            if (b == '\n') {
                return true;
            }
        }
        return line.size() > 0;
    }

    private static boolean isEmptyLine(byte[] line) {
        return line.length == 1 && line[0] == '\n'
            || line.length == 2 && line[0] == '\r' && line[1] == '\n';
    }

    /** 1 for a {@code >From } (any number of '>') line: one '>' is removed. */
    private static int quotedFromOffset(byte[] line) {
        int index = 0;
        while (index < line.length && line[index] == '>') {
            index++;
        }
        return index > 0 && startsWith(line, index, FROM) ? 1 : 0;
    }

    private static boolean startsWith(byte[] data, int position, byte[] prefix) {
        if (position + prefix.length > data.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[position + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The message being read: its bytes up to the limit, and its whole size. */
    private final class Message {
        private final ByteArrayOutputStream content = new ByteArrayOutputStream();
        private long size;

        void append(byte[] bytes, int offset, int length) {
            size += length;
            if (size <= maxMessageSize) {
                content.write(bytes, offset, length);
            } else if (content.size() > 0) {
                content.reset();
            }
        }
    }
}
