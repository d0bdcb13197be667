package io.confero.session;

/**
 * Joins under way: between a join's token check and its activation (which may wait for the pipeline) the session
 * is not empty, so that a close for emptiness does not happen under the joiner's feet; it waits for the joins, and
 * the last of them to fail does it. A part of {@link Session}, used only under its lock.
 */
final class JoinGate {

    private final Roster roster;
    private int joining;
    private boolean closeDeferred;

    JoinGate(Roster roster) {
        this.roster = roster;
    }

    /** A join starts with {@code tokenValue}: false if the token is not pending (or the session closed). */
    boolean begin(String tokenValue) {
        if (roster.closed || !roster.pendingTokens.containsKey(tokenValue)) {
            return false;
        }
        joining++;
        return true;
    }

    /**
     * A join begun by {@link #begin} ended, {@code joined} or not. Answers true when the session was emptied
     * meanwhile and nobody else is in or joining: the caller closes it, as the one who emptied it would have.
     */
    boolean end(boolean joined) {
        joining--;
        if (joined || joining > 0 || !closeDeferred || roster.closed || roster.hasActive()) {
            if (joined) {
                closeDeferred = false;
            }
            return false;
        }
        closeDeferred = false;
        return true;
    }

    /** Whether joins under way hold off a close for {@code condition}; an EMPTY one then falls to them. */
    boolean holdsClose(Session.CloseIf condition) {
        if (joining == 0) {
            return false;
        }
        closeDeferred = condition == Session.CloseIf.EMPTY;
        return true;
    }
}
