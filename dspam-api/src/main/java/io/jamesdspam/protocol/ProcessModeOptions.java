package io.jamesdspam.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.jamesdspam.model.DspamRequest;

/**
 * The DSPAMPROCESSMODE option grammar (docs/PROTOCOL.md §5): option names in one place for the
 * client (which writes them) and the server (which reads them).
 */
public final class ProcessModeOptions {
    public static final String PARAMETER = "DSPAMPROCESSMODE=\"";
    /** dspamd silently truncates longer values (docs/PROTOCOL.md §5.1). */
    public static final int MAX_VALUE_BYTES = 255;

    public static final String CLASSIFY = "--classify";
    public static final String PROCESS = "--process";
    public static final String DELIVER = "--deliver=";
    public static final String STDOUT = "--stdout";
    public static final String CLASS = "--class=";
    public static final String SOURCE = "--source=";
    public static final String SIGNATURE = "--signature=";
    public static final String MODE = "--mode=";
    public static final String FEATURE = "--feature=";
    public static final String DELIVER_SUMMARY = DELIVER + "summary";

    private ProcessModeOptions() {
    }

    /** The option words for a request, always with summary output (docs/PROTOCOL.md §5.3). */
    public static List<String> arguments(DspamRequest request) {
        List<String> args = new ArrayList<>();
        switch (request.operation()) {
            case CLASSIFY:
                args.add(CLASSIFY);
                break;
            case PROCESS:
                args.add(PROCESS);
                break;
            case TRAIN:
            case RETRAIN:
            case UNLEARN:
                request.source().ifPresent(s -> args.add(SOURCE + s.optionValue()));
                request.trainingClass().ifPresent(c -> args.add(CLASS + c.optionValue()));
                request.signature().ifPresent(s -> args.add(SIGNATURE + s.asString()));
                break;
            default:
                throw new IllegalStateException("Unhandled operation " + request.operation());
        }
        request.modeOverride().ifPresent(m -> args.add(MODE + m.optionValue()));
        if (!request.features().isEmpty()) {
            args.add(FEATURE + request.features().stream().map(f -> f.asOption()).collect(Collectors.joining(",")));
        }
        args.add(DELIVER_SUMMARY);
        return args;
    }

    /** The value of DSPAMPROCESSMODE for a request, checked against dspamd's 255-byte limit. */
    public static String value(DspamRequest request) {
        String value = String.join(" ", arguments(request));
        if (value.length() > MAX_VALUE_BYTES) {
            throw new IllegalArgumentException("DSPAMPROCESSMODE value is " + value.length()
                + " bytes; dspamd truncates above " + MAX_VALUE_BYTES + ": " + value);
        }
        return value;
    }
}
