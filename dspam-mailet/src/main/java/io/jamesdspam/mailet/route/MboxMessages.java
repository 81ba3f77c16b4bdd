package io.jamesdspam.mailet.route;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an uploaded corpus in mbox format into raw messages: a line starting with
 * {@code From } at the start of the input or after an empty line opens a message (the separator
 * line itself is dropped); {@code >From } quoting (mboxrd) is undone.
 */
final class MboxMessages {
    private MboxMessages() {
    }

    static List<byte[]> split(byte[] mbox) {
        List<byte[]> messages = new ArrayList<>();
        ByteArrayOutputStream current = null;
        boolean previousLineEmpty = true;
        int position = 0;
        while (position < mbox.length) {
            int end = position;
            while (end < mbox.length && mbox[end] != '\n') {
                end++;
            }
            int next = Math.min(end + 1, mbox.length);
            if (previousLineEmpty && startsWith(mbox, position, "From ")) {
                addIfNotEmpty(messages, current);
                current = new ByteArrayOutputStream();
            } else {
                if (current == null) {
                    throw new IllegalArgumentException("The corpus is not in mbox format: it must start with a 'From ' line");
                }
                int start = isQuotedFrom(mbox, position) ? position + 1 : position;
                current.write(mbox, start, next - start);
            }
            previousLineEmpty = end == position || (end == position + 1 && mbox[position] == '\r');
            position = next;
        }
        addIfNotEmpty(messages, current);
        return messages;
    }

    private static void addIfNotEmpty(List<byte[]> messages, ByteArrayOutputStream message) {
        if (message != null && message.size() > 0) {
            messages.add(message.toByteArray());
        }
    }

    private static boolean isQuotedFrom(byte[] mbox, int position) {
        int index = position;
        while (index < mbox.length && mbox[index] == '>') {
            index++;
        }
        return index > position && startsWith(mbox, index, "From ");
    }

    private static boolean startsWith(byte[] data, int position, String prefix) {
        if (position + prefix.length() > data.length) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (data[position + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
