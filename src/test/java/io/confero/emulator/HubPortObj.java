package io.confero.emulator;

import com.google.gson.JsonObject;

/** A HubPort: media entering any port of its hub comes out of every port. */
final class HubPortObj extends ElementObj {

    final HubObj hub;

    HubPortObj(EmuCore core, String id, Kmd.Clazz clazz, HubObj hub, JsonObject ctor) {
        super(core, id, clazz, hub.pipeline, hub, ctor);
        this.hub = hub;
    }

    /** What enters any port of the hub comes out of every port (mixing / dispatching, simplified). */
    @Override
    boolean computeProduces(int t) {
        for (HubPortObj port : hub.ports) {
            if (!port.released && port.curIn(t)) {
                return true;
            }
        }
        return false;
    }

    @Override
    boolean needsRawVideo() {
        return hub.mixes();
    }
}
