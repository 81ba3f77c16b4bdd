package io.jamesdspam.mailet.route;

import static io.jamesdspam.mailet.route.DspamRoutes.halt;
import static org.eclipse.jetty.http.HttpStatus.BAD_REQUEST_400;
import static org.eclipse.jetty.http.HttpStatus.CONFLICT_409;
import static org.eclipse.jetty.http.HttpStatus.NOT_FOUND_404;
import static org.eclipse.jetty.http.HttpStatus.NOT_IMPLEMENTED_501;
import static org.eclipse.jetty.http.HttpStatus.SERVICE_UNAVAILABLE_503;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import spark.Request;
import spark.Response;
import spark.Service;

import io.jamesdspam.api.DspamException;
import io.jamesdspam.mailet.lifecycle.DspamUserErasure;
import io.jamesdspam.mailet.lifecycle.DspamUserMove;
import io.jamesdspam.mailet.lifecycle.UserChangeRefused;
import io.jamesdspam.mailet.training.TrainingLedgerException;
import io.jamesdspam.mailet.user.DspamUserMapping;
import io.jamesdspam.model.DspamUser;

/**
 * What DSPAM learned for a user, after James renamed or deleted the user: {@code POST
 * /dspam/users/OLD/rename/NEW} moves it, {@code DELETE /dspam/users/USER} deletes it. Both take
 * the training ledger along, and {@code ?ledgerOnly=true} for a dspamd backend, whose operator
 * changes DSPAM's own database.
 */
final class UserLifecycleRoutes {
    private static final String LEDGER_ONLY = "ledgerOnly";
    private static final String FORCE = "force";
    /** A ledger move keeps the entries the new name has, and a deletion is one: sending either again finishes it. */
    private static final String LEDGER_AGAIN = "part of it may be done already; send the same request again to finish it";

    private final UsersRepository usersRepository;
    private final DspamUserMapping userMapping;
    private final JsonTransformer jsonTransformer;
    private final Function<Username, DspamUser> existingUser;
    private final DspamUserMove userMove;
    private final DspamUserErasure erasure;

    UserLifecycleRoutes(UsersRepository usersRepository, DspamUserMapping userMapping, JsonTransformer jsonTransformer,
                        Function<Username, DspamUser> existingUser, DspamUserMove userMove, DspamUserErasure erasure) {
        this.usersRepository = usersRepository;
        this.userMapping = userMapping;
        this.jsonTransformer = jsonTransformer;
        this.existingUser = existingUser;
        this.userMove = userMove;
        this.erasure = erasure;
    }

    void define(Service service) {
        service.post(DspamRoutes.USERS + "/rename/:newUser", this::moveUser, jsonTransformer);
        service.delete(DspamRoutes.USERS, this::deleteUser, jsonTransformer);
    }

    /**
     * After James's own rename: what DSPAM learned for {@code user} (which may no longer exist in
     * James) moves to {@code newUser} (which must). 404 when DSPAM holds nothing for {@code user},
     * 501 for a backend that cannot move users, 400 when the mapping shares dictionaries or both
     * names are one DSPAM user. {@code ?ledgerOnly=true}, for such a backend (a dspamd, whose
     * operator renamed the user in DSPAM's database), moves the plugin's training ledger alone.
     */
    private Object moveUser(Request request, Response response) {
        boolean ledgerOnly = QueryParameters.of(request, Set.of(LEDGER_ONLY)).optional(LEDGER_ONLY, DspamRoutes::bool)
            .orElse(false);
        DspamUser from = formerUser(DspamRoutes.userParameter(request));
        DspamUser to = existingUser.apply(DspamRoutes.username(request.params("newUser")));
        DspamUserMove.Moved moved = attempt(() -> ledgerOnly ? userMove.moveLedger(from, to) : userMove.move(from, to),
            e -> "DSPAM could not move " + from + " to " + to + " (" + e.kind() + "): " + e.getMessage()
                + "; check both users' statistics before moving again",
            e -> (ledgerOnly ? "" : "DSPAM moved what it learned for " + from + " to " + to + ", but ")
                + "the training ledger of " + from + " could not be moved (" + e.getMessage() + ")");
        if (!moved.found()) {
            throw halt(NOT_FOUND_404, ErrorResponder.ErrorType.NOT_FOUND, (ledgerOnly ? "The training ledger" : "DSPAM")
                + " holds nothing for " + from + ": nothing moved");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("from", from.asString());
        answer.put("to", to.asString());
        if (!ledgerOnly) {
            answer.put("tokens", moved.tokens());
            answer.put("signatures", moved.signatures());
            answer.put("merged", moved.merged());
        }
        answer.put("ledgerEntries", moved.ledgerEntries());
        return answer;
    }

    /**
     * After James deleted the user: what DSPAM learned for it goes, with its ledger entries. A user
     * James still has is refused (409) unless {@code ?force=true}: it would lose its filter's
     * learning. 404 when DSPAM holds nothing for it, 501 for a backend that cannot delete users
     * ({@code ?ledgerOnly=true} then deletes the ledger's entries alone), 400 when the mapping
     * shares dictionaries.
     */
    private Object deleteUser(Request request, Response response) {
        QueryParameters parameters = QueryParameters.of(request, Set.of(LEDGER_ONLY, FORCE));
        boolean ledgerOnly = parameters.optional(LEDGER_ONLY, DspamRoutes::bool).orElse(false);
        boolean force = parameters.optional(FORCE, DspamRoutes::bool).orElse(false);
        Username name = DspamRoutes.userParameter(request);
        DspamUser user = formerUser(name);
        if (!force && stillExists(name)) {
            throw halt(CONFLICT_409, ErrorResponder.ErrorType.WRONG_STATE, "User '" + name.asString() + "' still exists in"
                + " James: delete it there first, or add ?force=true to delete what DSPAM learned for it (its mail is then"
                + " filtered by a new, empty dictionary)");
        }
        DspamUserErasure.Erased erased = attempt(() -> ledgerOnly ? erasure.eraseLedger(user) : erasure.erase(user),
            e -> "DSPAM could not delete " + user + " (" + e.kind() + "): " + e.getMessage()
                + "; part of it may be left: send the same request again",
            e -> (ledgerOnly ? "" : "DSPAM deleted what it learned for " + user + ", but ")
                + "the training ledger of " + user + " could not be deleted (" + e.getMessage() + ")");
        if (!erased.found()) {
            throw halt(NOT_FOUND_404, ErrorResponder.ErrorType.NOT_FOUND, (ledgerOnly ? "The training ledger" : "DSPAM")
                + " holds nothing for " + user + ": nothing deleted");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("user", user.asString());
        if (!ledgerOnly) {
            answer.put("tokens", erased.tokens());
            answer.put("signatures", erased.signatures());
        }
        answer.put("ledgerEntries", erased.ledgerEntries());
        return answer;
    }

    /** The DSPAM user of {@code name}, which James need not have any more. */
    private DspamUser formerUser(Username name) {
        return userMapping.userFor(name).orElseThrow(() -> halt(BAD_REQUEST_400,
            ErrorResponder.ErrorType.INVALID_ARGUMENT, "User '" + name.asString() + "' maps to no valid DSPAM user"));
    }

    private boolean stillExists(Username name) {
        try {
            return usersRepository.contains(name);
        } catch (UsersRepositoryException e) {
            throw halt(SERVICE_UNAVAILABLE_503, ErrorResponder.ErrorType.SERVER_ERROR, "Cannot look up user '" + name.asString()
                + "'");
        }
    }

    /**
     * Runs a move or a deletion: a refusal answers 400 or 501, a store failure 503 with
     * {@code storeFailed}'s words, a ledger failure (the store's part done) 503 with
     * {@code ledgerFailed}'s and how to finish.
     */
    private static <T> T attempt(Supplier<T> change, Function<DspamException, String> storeFailed,
                                 Function<RuntimeException, String> ledgerFailed) {
        try {
            return change.get();
        } catch (UserChangeRefused e) {
            throw refused(e);
        } catch (DspamException e) {
            throw halt(SERVICE_UNAVAILABLE_503, ErrorResponder.ErrorType.SERVER_ERROR, storeFailed.apply(e));
        } catch (TrainingLedgerException | UncheckedIOException e) {
            throw halt(SERVICE_UNAVAILABLE_503, ErrorResponder.ErrorType.SERVER_ERROR, ledgerFailed.apply(e) + ": "
                + LEDGER_AGAIN);
        }
    }

    private static RuntimeException refused(UserChangeRefused refusal) {
        return halt(refusal.unsupported() ? NOT_IMPLEMENTED_501 : BAD_REQUEST_400,
            refusal.unsupported() ? ErrorResponder.ErrorType.WRONG_STATE : ErrorResponder.ErrorType.INVALID_ARGUMENT,
            refusal.getMessage());
    }
}
