package io.confero.media;

import io.confero.mediaport.MixLayout;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TileLayoutTest {

    private static final double EPSILON = 1e-9;

    @ParameterizedTest
    @EnumSource(value = MixLayout.class, names = "GRID", mode = EnumSource.Mode.EXCLUDE)
    void everySmallTileIsInsideThePictureAndNoTwoOverlap(MixLayout layout) {
        for (int count = 1; count <= 9; count++) {
            List<TileLayout.Tile> tiles = TileLayout.smalls(layout, count);
            assertThat(tiles).hasSize(count).allSatisfy(TileLayoutTest::inside);
            for (int i = 0; i < count; i++) {
                for (int j = i + 1; j < count; j++) {
                    assertThat(overlap(tiles.get(i), tiles.get(j))).as(layout + " " + count + ": " + i + "/" + j)
                            .isFalse();
                }
            }
        }
    }

    @Test
    void presentationTilesLeaveTheBigTileUncovered() {
        for (MixLayout layout : List.of(MixLayout.VERTICAL_PRESENTATION, MixLayout.HORIZONTAL_PRESENTATION)) {
            TileLayout.Tile big = TileLayout.big(layout);
            assertThat(big.width() * big.height()).isEqualTo(TileLayout.BIG_SHARE);
            for (int count = 1; count <= 6; count++) {
                assertThat(TileLayout.smalls(layout, count)).noneMatch(t -> overlap(t, big));
            }
        }
    }

    @Test
    void pictureInPictureFillsThePictureAndStacksTheOthersFromTheBottomRight() {
        assertThat(TileLayout.big(MixLayout.PICTURE_IN_PICTURE)).isEqualTo(new TileLayout.Tile(0, 0, 1, 1));
        List<TileLayout.Tile> tiles = TileLayout.smalls(MixLayout.PICTURE_IN_PICTURE, 4);
        assertThat(tiles.get(0).x() + tiles.get(0).width()).isGreaterThan(0.95);
        assertThat(tiles.get(0).y() + tiles.get(0).height()).isGreaterThan(0.95);
        assertThat(tiles.get(1).x()).isLessThan(tiles.get(0).x());
        assertThat(tiles.get(3).y()).as("the fourth goes on the row above").isLessThan(tiles.get(0).y());
    }

    private static void inside(TileLayout.Tile t) {
        assertThat(t.x()).isGreaterThanOrEqualTo(-EPSILON);
        assertThat(t.y()).isGreaterThanOrEqualTo(-EPSILON);
        assertThat(t.x() + t.width()).isLessThanOrEqualTo(1 + EPSILON);
        assertThat(t.y() + t.height()).isLessThanOrEqualTo(1 + EPSILON);
        assertThat(t.width()).isPositive();
        assertThat(t.height()).isPositive();
    }

    private static boolean overlap(TileLayout.Tile a, TileLayout.Tile b) {
        return a.x() + a.width() > b.x() + EPSILON && b.x() + b.width() > a.x() + EPSILON
                && a.y() + a.height() > b.y() + EPSILON && b.y() + b.height() > a.y() + EPSILON;
    }
}
