package io.confero.emulator;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/** The {@code manager_ServerManager} singleton: getInfo (as in capture 00), pipelines, sessions, kmd... */
final class ServerManagerObj extends MObj {

    static final String ID = "manager_ServerManager";

    ServerManagerObj(EmuCore core, Kmd.Clazz clazz) {
        super(core, ID, clazz, null, null, null);
    }

    @Override
    JsonElement invoke(String op, JsonObject p) {
        switch (op) {
            case "getInfo" -> {
                return core.serverInfo();
            }
            case "getPipelines" -> {
                JsonArray a = new JsonArray();
                for (MObj o : core.objectsInOrder()) {
                    if (o instanceof PipelineObj) {
                        a.add(o.id);
                    }
                }
                return a;
            }
            case "getSessions" -> {
                return Json.strings(core.sessionIds());
            }
            case "getMetadata" -> {
                return new JsonPrimitive("{}");
            }
            case "getKmd" -> {
                String module = requireString(p, "moduleName");
                String raw = core.kmd.rawModules.get(module);
                if (raw == null) {
                    throw new KmsError(40500, "SERVER_MANAGER_ERROR_KMD_NOT_FOUND",
                            "Module '" + module + "' not found");
                }
                return new JsonPrimitive(raw);
            }
            case "getCpuCount" -> {
                return new JsonPrimitive(Runtime.getRuntime().availableProcessors());
            }
            case "getUsedCpu" -> {
                return new JsonPrimitive(core.usedCpu);
            }
            case "getUsedMemory" -> {
                Runtime r = Runtime.getRuntime();
                return new JsonPrimitive((r.totalMemory() - r.freeMemory()) / 1024);
            }
            default -> {
                return super.invoke(op, p);
            }
        }
    }
}
