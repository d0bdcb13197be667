package io.confero.recording;

import io.confero.config.ConferoProperties;
import io.confero.config.PublicUrl;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the browser of a CUSTOM recording finds its layout, as OpenVidu builds it: a {@code customLayout} that is
 * an absolute URL is opened as it is; any other names a folder of OPENVIDU_RECORDING_CUSTOM_LAYOUT ("" = the
 * folder itself) whose {@code index.html} must exist, opened at
 * {@code <base>/openvidu/layouts/<customLayout>/index.html} with the server's credentials (the path needs them).
 * Either way the page gets {@code sessionId} and {@code secret}, with which it joins as the hidden RECORDER.
 */
final class CustomLayouts {

    /** Where OpenVidu serves the custom layouts. */
    static final String PATH = "/openvidu/layouts";

    private final Path folder;
    private final String composedUrl;
    private final PublicUrl publicUrl;
    private final String secret;

    CustomLayouts(ConferoProperties properties, PublicUrl publicUrl) {
        this.folder = Path.of(properties.getRecording().getCustomLayout());
        this.composedUrl = properties.getRecording().getComposedUrl();
        this.publicUrl = publicUrl;
        this.secret = properties.getSecret();
    }

    /** The page to open for {@code sessionId}; fails (as OpenVidu: "is not valid") without its index.html. */
    String url(String customLayout, String sessionId) {
        String layout = customLayout == null ? "" : customLayout.trim();
        String query = "sessionId=" + encode(sessionId) + "&secret=" + encode(secret);
        if (absolute(layout)) {
            return layout + (layout.contains("?") ? "&" : "?") + query;
        }
        String relative = layout.replaceAll("^/+", "").replaceAll("/+$", "");
        Path index = folder.resolve(relative).normalize().resolve("index.html");
        if (!index.startsWith(folder.normalize()) || relative.contains("..") || !Files.isReadable(index)) {
            throw new RecordingException(RecordingException.Kind.FAILED, "Custom layout path " + layout
                    + " is not valid. Expected file " + index + " to exist and be readable");
        }
        URI base = URI.create(composedUrl == null || composedUrl.isBlank() ? publicUrl.http()
                : composedUrl.replaceAll("/+$", ""));
        String credentials = "OPENVIDUAPP:" + encode(secret) + "@";
        return base.getScheme() + "://" + credentials + base.getRawAuthority() + (base.getRawPath() == null ? ""
                : base.getRawPath()) + PATH + (relative.isEmpty() ? "" : "/" + relative) + "/index.html?" + query;
    }

    private static boolean absolute(String layout) {
        try {
            URI uri = new URI(layout);
            return uri.getScheme() != null && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
