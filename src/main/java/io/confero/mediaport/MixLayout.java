package io.confero.mediaport;

/**
 * How a COMPOSED recording places the streams: Kurento's Composite grid, or one big tile (a screen share first,
 * else the first camera) and the others small, made with an AlphaBlending.
 */
public enum MixLayout {
    /** Composite's grid (OpenVidu's BEST_FIT). */
    GRID,
    /** The big tile fills the picture; the others are small, over its bottom right corner. */
    PICTURE_IN_PICTURE,
    /** The big tile on the left (4/5 of the width); the others in a column on the right. */
    VERTICAL_PRESENTATION,
    /** The big tile on top (4/5 of the height); the others in a row along the bottom. */
    HORIZONTAL_PRESENTATION
}
