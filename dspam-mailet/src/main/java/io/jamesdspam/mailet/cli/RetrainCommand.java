package io.jamesdspam.mailet.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import io.jamesdspam.model.TrainingClass;

/** {@code retrain USER CLASS SIGNATURE}: correct DSPAM by signature, as {@code dspam --source=error --signature=…}. */
@Command(name = "retrain", mixinStandardHelpOptions = true,
    description = {"Correct DSPAM by signature.", "USER's message whose X-DSPAM-Signature is SIGNATURE was CLASS."})
final class RetrainCommand implements Callable<Integer> {
    @ParentCommand
    private DspamAdmin admin;

    @Parameters(index = "0", paramLabel = "USER", description = "the James user")
    private String user;

    @Parameters(index = "1", paramLabel = "CLASS", description = "spam or innocent")
    private TrainingClass trainingClass;

    @Parameters(index = "2", paramLabel = "SIGNATURE", description = "the message's X-DSPAM-Signature")
    private String signature;

    @Override
    public Integer call() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("class", trainingClass.optionValue());
        query.put("signature", signature);
        admin.client().post(WebAdminClient.userPath(user) + "/retrain", query);
        admin.out().println("retrained signature " + signature + " of " + user + " as " + trainingClass.optionValue());
        return ExitCode.OK;
    }
}
