package io.confero.media;

import io.confero.mediaport.MixLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the tiles of the layouts made with an AlphaBlending go, as fractions of the picture (the grid is
 * Kurento's Composite's). Every tile but a presentation layout's big one has the picture's shape, so that one
 * scaled copy of a stream at the picture's size fits any of them.
 */
final class TileLayout {

    /** The share of the picture the big tile of a presentation layout takes. */
    static final double BIG_SHARE = 0.8;
    private static final double SMALL = 0.25;
    private static final double MARGIN = 0.02;
    private static final int PIP_PER_ROW = 3;

    /** A rectangle, each value a fraction of the picture's width (x, width) or height (y, height). */
    record Tile(double x, double y, double width, double height) {
    }

    private TileLayout() {
    }

    /** The places of {@code count} streams, in the order they are shown: the big tile first. */
    static List<Tile> cells(MixLayout layout, int count) {
        List<Tile> cells = new ArrayList<>(count);
        if (count == 0) {
            return cells;
        }
        cells.add(big(layout));
        cells.addAll(smalls(layout, count - 1));
        return cells;
    }

    /** The big tile's area. */
    static Tile big(MixLayout layout) {
        return switch (layout) {
            case VERTICAL_PRESENTATION -> new Tile(0, 0, BIG_SHARE, 1);
            case HORIZONTAL_PRESENTATION -> new Tile(0, 0, 1, BIG_SHARE);
            case PICTURE_IN_PICTURE, GRID -> new Tile(0, 0, 1, 1);
        };
    }

    /** The areas of {@code count} small tiles, in the order of the streams. */
    static List<Tile> smalls(MixLayout layout, int count) {
        List<Tile> tiles = new ArrayList<>(count);
        // Small tiles have the picture's shape (equal fractions of its width and height).
        double side = Math.min(1 - BIG_SHARE, 1.0 / Math.max(count, 1));
        for (int i = 0; i < count; i++) {
            tiles.add(switch (layout) {
                case VERTICAL_PRESENTATION -> new Tile(BIG_SHARE, i * side, side, side);
                case HORIZONTAL_PRESENTATION -> new Tile(i * side, BIG_SHARE, side, side);
                case PICTURE_IN_PICTURE, GRID -> {
                    // From the bottom right corner leftwards, then the row above.
                    int column = i % PIP_PER_ROW;
                    int row = Math.min(i / PIP_PER_ROW, PIP_PER_ROW - 1); // past 9, the top row is shared
                    yield new Tile(1 - (column + 1) * (SMALL + MARGIN), 1 - (row + 1) * (SMALL + MARGIN),
                            SMALL, SMALL);
                }
            });
        }
        return tiles;
    }
}
