/**
 * A Kurento Media Server 7.3 emulator for tests, browser tests and benchmarks.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * try (KurentoEmulator kms = KurentoEmulator.start()) {          // ws://127.0.0.1:<free port>/kurento
 *     // point KMS_URIS at kms.uri(), or: KurentoClient.create(kms.uri())
 *     kms.liveObjectCount("WebRtcEndpoint");
 *     kms.invocations(endpointId, "setMaxVideoRecvBandwidth").get(0).operationParams();
 *     kms.failNext("processOffer", 40205, "Error processing offer");
 *     kms.emit(zbarFilterId, "CodeFound", Map.of("codeType", "EAN-13", "value", "5901234123457"));
 *     kms.dropAllConnections();   // capture 07: the client resumes its session
 *     kms.restart();              // capture 08: 40007, new session, old objects 40101
 *     kms.unreachable(Duration.ofSeconds(3)); // an outage: the client resumes its session afterwards
 * }
 * }</pre>
 * Standalone: {@code ./mvnw -q test-compile exec:java@kms-emulator -Dexec.args="--port 8888"} ({@link
 * io.confero.emulator.KurentoEmulatorMain}).
 *
 * <h2>What follows the KMS 7.3 captures (kms-wire 00..08)</h2>
 * <ul>
 * <li>Envelopes: one JSON-RPC message per text frame, keys sorted as jsoncpp writes them, every result carrying
 * {@code sessionId} (none on the first {@code ping}), no {@code value} for release/unsubscribe/connect, errors as
 * {@code {"error":{"code","data":{"type"},"message"},"id","jsonrpc"}}, events as {@code onEvent} notifications
 * without id/sessionId whose {@code data} has source, tags, timestampMillis (a string), type and the event's
 * fields.</li>
 * <li>Sessions: handed out by the first request without one, injected by the transport into later requests of the
 * same connection, {@code connect{sessionId}} resumes a known one ({@code {serverId, sessionId}}), unknown ones get
 * 40007 INVALID_SESSION, {@code connect} without params opens a new one.</li>
 * <li>Ids {@code <uuid>_kurento.MediaPipeline} and {@code <pipeline>/<uuid>_kurento.<Type>}; fixed
 * {@code manager_ServerManager}; subscription ids are UUIDs, one per subscribe, one onEvent per subscription.</li>
 * <li>Errors seen: 40101 "Object 'id' not found" (invoke/create on unknown objects), release/unsubscribe of unknown
 * ids succeed, 40001 MARSHALL_ERROR for a GStreamerFilter with an unknown element and for setElementProperty of a
 * missing property (same messages).</li>
 * <li>The SDP answer layout, the 12 IceCandidateFound per endpoint, the ICE/connection/media-flow/transcoding event
 * sequence, the PlayerEndpoint's UriEndpointStateChanged and flow events, getName returning the id.</li>
 * </ul>
 *
 * <h2>Where the captures were silent (choices)</h2>
 * <ul>
 * <li>Other error codes/messages come from KMS sources: unknown operation 40008 "Method 'x' with N parameters not
 * found", unknown event 40106 "Event 'x' not supported", unknown factory 40108 "Factory 'x' not found", cross-pipeline
 * connect 40004, SDP errors 402xx, unknown JSON-RPC method -32601.</li>
 * <li>ICE connects by itself once the endpoint is negotiated, gatherCandidates was called and a usable remote
 * candidate is known (addIceCandidate, or an {@code a=candidate} of the remote SDP; an RTCP-component, unparseable or
 * unknown-m-line candidate is not usable): without one, as on KMS, it never connects.
 * {@link io.confero.emulator.KurentoEmulator#setAutoIceConnect} turns it off, {@code connectIce}/{@code disconnectIce}
 * drive it by hand. IceGatheringDone follows the candidates at once. The UDP host candidates point at a socket of the
 * emulator's ({@link io.confero.emulator.IceResponder}) that answers a browser's connectivity checks, so the
 * browser's ICE connects too (no DTLS, no media).</li>
 * <li>FLOWING is reported at once; NOT_FLOWING (a source went away, a player stopped, ICE failed) after
 * {@code notFlowingDelay} (default 3 s, KMS checks every 2 s) and only if the element still exists, so OpenVidu's
 * quick teardowns report none, as in the captures. IceComponentStateChanged CONNECTED/READY and
 * NewCandidatePairSelected are reported once (KMS repeats them as candidate pairs change).</li>
 * <li>A PlayerEndpoint accepts any URI at creation (as KMS); playing an unplayable one (no/unknown scheme, or a host
 * under {@code .invalid}) emits an Error event (RESOURCE_ERROR_OPEN) and no media.</li>
 * <li>RecorderEndpoint: record → UriEndpointStateChanged START + Recording, pause → PAUSE + Paused,
 * stop/stopAndWait → STOP + Stopped. Like KMS it writes its file:// URI only if media reached it while recording,
 * complete when the stop is answered: a real one-second file of its media profile (VP8/Opus WebM or H.264/AAC MP4,
 * made with ffmpeg when it is installed, else only the container's signature), at the size and rate of a
 * capsfilter GStreamerFilter in front of it (else 800x600@15 behind a HubPort, 640x480@30 otherwise);
 * {@code recordersWrite} makes it write given bytes instead (a broken file).</li>
 * <li>AlphaBlending remembers setMaster and setPortProperties per port ({@code alphaBlending(hubId)}); it draws
 * nothing. A GStreamerFilter command chaining elements with {@code !} is refused as KMS 7.3 refuses it (one
 * element only).</li>
 * <li>No request cache, no DTLS events, data channels only negotiated (no DataChannelOpened).</li>
 * </ul>
 */
package io.confero.emulator;
