package io.confero.media;

import io.confero.mediaport.MixLayout;
import io.confero.mediaport.VideoFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kurento.client.AlphaBlending;
import org.kurento.client.GStreamerFilter;
import org.kurento.client.HubPort;
import org.kurento.client.MediaElement;
import org.kurento.client.MediaPipeline;
import org.kurento.client.MediaType;
import org.kurento.commons.exception.KurentoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The picture of a COMPOSED recording in a presentation layout, on an AlphaBlending: one big tile (the first
 * screen share, else the first stream) and the others small, re-placed whenever a stream comes or goes.
 *
 * <p>AlphaBlending draws its master port whole at the origin and takes the picture's size from it, and it copes
 * badly with its master changing while it runs; so the master is a black canvas of the recording's size, made from
 * the first stream (scaled by a capsfilter, darkened by a videobalance), and changed only when that stream goes.
 * Every stream, that one included, is then a port placed with setPortProperties, fed through a capsfilter with
 * square pixels (black borders) of its tile's shape, so that AlphaBlending's own scaling keeps its proportions:
 * the picture's size for tiles of the picture's shape (all but the big one of a vertical or horizontal
 * presentation), so that moving between them needs no new filter. Video only: AlphaBlending mixes no audio.
 * Called by one thread at a time (a recording's worker).
 */
final class TiledMix {

    private static final Logger log = LoggerFactory.getLogger(TiledMix.class);
    private static final int CANVAS_Z = 0;

    private final MediaPipeline pipeline;
    private final AlphaBlending mixer;
    private final HubPort output;
    private final MixLayout layout;
    private final VideoFormat format;
    /** By streamId, in the order the streams came. */
    private final Map<String, Tile> tiles = new LinkedHashMap<>();
    private final Tile canvas = new Tile(null, false);
    private String canvasSource;
    private String big;

    /** A port fed from a stream through its filters, and the place it was wired for. */
    private static final class Tile {
        final MediaElement source;
        final boolean screen;
        final List<GStreamerFilter> filters = new ArrayList<>();
        HubPort port;
        String fit; // the capsfilter it was wired with

        Tile(MediaElement source, boolean screen) {
            this.source = source;
            this.screen = screen;
        }
    }

    private TiledMix(MediaPipeline pipeline, AlphaBlending mixer, HubPort output, MixLayout layout,
            VideoFormat format) {
        this.pipeline = pipeline;
        this.mixer = mixer;
        this.output = output;
        this.layout = layout;
        this.format = format;
    }

    /** The AlphaBlending and its output port. Blocking; throws KurentoException. */
    static TiledMix create(MediaPipeline pipeline, MixLayout layout, VideoFormat format) {
        AlphaBlending mixer = Creation.build(new AlphaBlending.Builder(pipeline), "an AlphaBlending");
        try {
            return new TiledMix(pipeline, mixer, Creation.build(new HubPort.Builder(mixer), "a HubPort"), layout, format);
        } catch (KurentoException e) {
            WebRtcEndpoints.releaseQuietly(mixer, "AlphaBlending");
            throw e;
        }
    }

    HubPort output() {
        return output;
    }

    /** Adds a stream's video and re-places the tiles. Blocking; throws KurentoException. */
    void add(String streamId, MediaElement source, boolean screen) {
        if (tiles.containsKey(streamId)) {
            return;
        }
        tiles.put(streamId, new Tile(source, screen));
        try {
            arrange();
        } catch (KurentoException e) {
            remove(streamId);
            throw e;
        }
    }

    /** Takes a stream out and re-places the others; unknown streams are ignored. Never throws. */
    void remove(String streamId) {
        Tile tile = tiles.remove(streamId);
        if (tile == null) {
            return;
        }
        unwire(tile);
        if (streamId.equals(canvasSource)) {
            unwire(canvas);
            canvasSource = null;
        }
        try {
            arrange();
        } catch (KurentoException e) {
            log.warn("Re-placing the tiles after {} left failed: {}", streamId, e.getMessage());
        }
    }

    /** The stream shown big, or null when there is none. */
    String big() {
        return big;
    }

    /** Releases every element; never throws. */
    void release() {
        tiles.values().forEach(TiledMix::unwire);
        tiles.clear();
        unwire(canvas);
        WebRtcEndpoints.releaseQuietly(output, "AlphaBlending output");
        WebRtcEndpoints.releaseQuietly(mixer, "AlphaBlending");
    }

    /** Wires the canvas if it has no stream, and every tile whose place changed; then sets every place. */
    private void arrange() {
        List<String> order = new ArrayList<>(tiles.keySet());
        order.stream().filter(id -> tiles.get(id).screen).findFirst().ifPresent(screen -> {
            order.remove(screen);
            order.addFirst(screen);
        });
        big = order.isEmpty() ? null : order.getFirst();
        if (canvasSource == null && !order.isEmpty()) {
            canvasSource = tiles.keySet().iterator().next();
            wireCanvas(tiles.get(canvasSource).source);
        }
        List<TileLayout.Tile> places = TileLayout.cells(layout, order.size());
        for (int i = 0; i < order.size(); i++) {
            Tile tile = tiles.get(order.get(i));
            TileLayout.Tile place = places.get(i);
            String fit = fitFor(place);
            if (!fit.equals(tile.fit)) {
                unwire(tile);
                wire(tile, fit);
            }
            mixer.setPortProperties((float) place.x(), (float) place.y(), CANVAS_Z + 1 + i, (float) place.width(),
                    (float) place.height(), tile.port);
        }
    }

    /**
     * The master port is named before any media reaches it: AlphaBlending takes the picture's size from the
     * master's first caps, and caps that came before setMaster are not looked at again.
     */
    private void wireCanvas(MediaElement source) {
        canvas.port = Creation.build(new HubPort.Builder(mixer), "a HubPort");
        mixer.setMaster(canvas.port, CANVAS_Z);
        // Darkened first, then scaled: a stream feeding two capsfilters that ask the same caps (its tile's may be
        // the picture's size too) reaches only one of them in KMS 7.3.
        GStreamerFilter black = filter(canvas, "videobalance contrast=0 saturation=0");
        GStreamerFilter size = filter(canvas, VideoCaps.sizeFilter(format));
        black.connect(size, MediaType.VIDEO);
        size.connect(canvas.port, MediaType.VIDEO);
        source.connect(black, MediaType.VIDEO); // last: media flows once everything downstream is in place
    }

    /** The capsfilter a tile at {@code place} is fed through. */
    private String fitFor(TileLayout.Tile place) {
        if (Math.abs(place.width() - place.height()) < 1e-9) {
            return VideoCaps.sizeFilter(format);
        }
        return VideoCaps.sizeFilter(new VideoFormat(even(format.width() * place.width()),
                even(format.height() * place.height()),
                format.frameRate()));
    }

    private void wire(Tile tile, String fitCommand) {
        tile.port = Creation.build(new HubPort.Builder(mixer), "a HubPort");
        GStreamerFilter fit = filter(tile, fitCommand);
        fit.connect(tile.port, MediaType.VIDEO);
        tile.source.connect(fit, MediaType.VIDEO);
        tile.fit = fitCommand;
    }

    private GStreamerFilter filter(Tile tile, String command) {
        GStreamerFilter filter = Creation.build(new GStreamerFilter.Builder(pipeline, command), "a tile filter");
        tile.filters.add(filter);
        return filter;
    }

    private static void unwire(Tile tile) {
        if (tile.port != null) {
            WebRtcEndpoints.releaseQuietly(tile.port, "AlphaBlending port");
            tile.port = null;
        }
        tile.filters.forEach(f -> WebRtcEndpoints.releaseQuietly(f, "tile filter"));
        tile.filters.clear();
        tile.fit = null;
    }

    private static int even(double pixels) {
        return Math.max(2, (int) Math.round(pixels / 2) * 2);
    }
}
