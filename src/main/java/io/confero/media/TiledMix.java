package io.confero.media;

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
 * The video of a presentation layout, on an AlphaBlending: one big tile (the first screen share, else the first
 * stream) and the others small, re-placed whenever a stream comes or goes. AlphaBlending's master port sets the
 * picture's size and is drawn whole at the origin, so the big stream reaches it through a capsfilter that scales
 * it to its tile (square pixels, black borders) and, when the tile is not the whole picture, a videobox that pads
 * it to the picture with black: the other tiles go on that black. The small ports are scaled by AlphaBlending
 * itself. Video only: AlphaBlending mixes no audio. Called by one thread at a time (a recording's worker).
 */
final class TiledMix {

    private static final Logger log = LoggerFactory.getLogger(TiledMix.class);
    private static final int MASTER_Z = 1;

    private final MediaPipeline pipeline;
    private final AlphaBlending mixer;
    private final HubPort output;
    private final MixLayout layout;
    private final VideoFormat format;
    /** By streamId, in the order the streams came. */
    private final Map<String, Tile> tiles = new LinkedHashMap<>();
    private String big;

    private static final class Tile {
        final MediaElement source;
        final boolean screen;
        HubPort port;
        final List<GStreamerFilter> filters = new ArrayList<>();

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
        AlphaBlending mixer = new AlphaBlending.Builder(pipeline).build();
        try {
            return new TiledMix(pipeline, mixer, new HubPort.Builder(mixer).build(), layout, format);
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
        if (streamId.equals(big)) {
            big = null;
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
        WebRtcEndpoints.releaseQuietly(output, "AlphaBlending output");
        WebRtcEndpoints.releaseQuietly(mixer, "AlphaBlending");
    }

    /** Picks the big tile (wiring it again if it changed) and sets every small tile's place. */
    private void arrange() {
        String wanted = tiles.entrySet().stream().filter(e -> e.getValue().screen).map(Map.Entry::getKey)
                .findFirst().orElse(tiles.isEmpty() ? null : tiles.keySet().iterator().next());
        if (wanted != null && !wanted.equals(big)) {
            if (big != null && tiles.containsKey(big)) {
                Tile former = tiles.get(big);
                unwire(former);
                wireSmall(former);
            }
            Tile chosen = tiles.get(wanted);
            unwire(chosen);
            wireBig(chosen);
            big = wanted;
        }
        List<TileLayout.Tile> places = TileLayout.smalls(layout, tiles.size() - 1);
        int i = 0;
        for (Map.Entry<String, Tile> e : tiles.entrySet()) {
            if (e.getKey().equals(big)) {
                continue;
            }
            Tile tile = e.getValue();
            if (tile.port == null) {
                wireSmall(tile);
            }
            TileLayout.Tile place = places.get(i);
            mixer.setPortProperties((float) place.x(), (float) place.y(), MASTER_Z + 1 + i, (float) place.width(),
                    (float) place.height(), tile.port);
            i++;
        }
    }

    private void wireSmall(Tile tile) {
        tile.port = new HubPort.Builder(mixer).build();
        tile.source.connect(tile.port, MediaType.VIDEO);
    }

    private void wireBig(Tile tile) {
        TileLayout.Tile area = TileLayout.big(layout);
        int width = even(format.width() * area.width());
        int height = even(format.height() * area.height());
        tile.port = new HubPort.Builder(mixer).build();
        MediaElement last = tile.source;
        GStreamerFilter fit = new GStreamerFilter.Builder(pipeline,
                new VideoFormat(width, height, format.frameRate()).capsFilter()).build();
        tile.filters.add(fit);
        last.connect(fit, MediaType.VIDEO);
        last = fit;
        if (width < format.width() || height < format.height()) {
            GStreamerFilter pad = new GStreamerFilter.Builder(pipeline, "videobox fill=black right="
                    + (width - format.width()) + " bottom=" + (height - format.height())).build();
            tile.filters.add(pad);
            last.connect(pad, MediaType.VIDEO);
            last = pad;
        }
        last.connect(tile.port, MediaType.VIDEO);
        mixer.setMaster(tile.port, MASTER_Z);
    }

    private static void unwire(Tile tile) {
        if (tile.port != null) {
            WebRtcEndpoints.releaseQuietly(tile.port, "AlphaBlending port");
            tile.port = null;
        }
        tile.filters.forEach(f -> WebRtcEndpoints.releaseQuietly(f, "tile filter"));
        tile.filters.clear();
    }

    private static int even(double pixels) {
        return Math.max(2, (int) Math.round(pixels / 2) * 2);
    }
}
