package io.confero.media;

import io.confero.emulator.KurentoEmulator;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A fresh Kurento emulator for each test and the {@link LinkFixture} to it, counting the media losses the link
 * tells (register with {@code @RegisterExtension}): what the tests of the KMS link share. Test methods get the
 * emulator, the link, its connection and its media service as parameters.
 */
final class EmulatedLink implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private final Duration answerWait;
    private final AtomicInteger mediaLost = new AtomicInteger();
    private Duration previousWait;
    private KurentoEmulator kms;
    private LinkFixture link;

    private EmulatedLink(Duration answerWait) {
        this.answerWait = answerWait;
    }

    /** With the callers' production wait for KMS's answers. */
    static EmulatedLink standard() {
        return new EmulatedLink(null);
    }

    /**
     * With callers waiting only {@code wait} for KMS's answers (kurento-client half as long again), set before the
     * link's client is made: outages that must outlast those waits then take seconds.
     */
    static EmulatedLink answerWait(Duration wait) {
        return new EmulatedLink(wait);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (answerWait != null) {
            previousWait = Creation.answerWait(answerWait);
        }
        mediaLost.set(0);
        kms = KurentoEmulator.start();
        link = LinkFixture.connect(kms.uri(), mediaLost::incrementAndGet);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            if (link != null) {
                link.close();
            }
            kms.close();
        } finally {
            if (previousWait != null) {
                Creation.answerWait(previousWait);
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == KurentoEmulator.class || type == LinkFixture.class || type == KmsLink.class
                || type == MediaService.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == KurentoEmulator.class ? kms : type == LinkFixture.class ? link
                : type == KmsLink.class ? link.connection : link.media;
    }

    KurentoEmulator kms() {
        return kms;
    }

    LinkFixture link() {
        return link;
    }

    KmsLink connection() {
        return link.connection;
    }

    MediaService media() {
        return link.media;
    }

    /** How often the link told its listeners that the media made through it is lost. */
    int mediaLost() {
        return mediaLost.get();
    }
}
