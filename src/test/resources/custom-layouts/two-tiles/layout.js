// Joins as OpenVidu's layouts do: with the session id and secret the recorder's URL carries, as the RECORDER.
var url = new URL(window.location.href);
var SESSION_ID = url.searchParams.get('sessionId');
var SECRET = url.searchParams.get('secret');
var TOKEN = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '?sessionId=' + SESSION_ID
    + '&secret=' + SECRET + '&recorder=true';
var OV = new OpenVidu();
OV.enableProdMode();
var session = OV.initSession();
var shown = 0;
session.on('streamCreated', function (event) {
    var tile = 'tile' + (shown++ % 2);
    session.subscribe(event.stream, tile);
});
session.connect(TOKEN).then(function () {
    console.log('layout connected');
}).catch(function (error) {
    console.error('layout failed to connect: ' + error.message);
});
