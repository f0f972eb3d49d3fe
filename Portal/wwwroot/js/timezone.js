// First sign-in: tells the portal the browser's IANA time zone (e.g. Europe/Berlin) once, so dates and times show in
// local time from the next page on. The layout renders the form only while the profile has no zone; the person can
// change it on their profile. Progressive: without JavaScript, times stay in UTC and say so.
(function () {
    'use strict';
    var form = document.getElementById('timezone-detect');
    if (!form || !window.fetch || !window.Intl) {
        return;
    }
    var zone;
    try {
        zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (e) {
        return;
    }
    if (!zone) {
        return;
    }
    form.elements.timeZone.value = zone;
    fetch(form.action, { method: 'POST', body: new FormData(form), credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
        .catch(function () { /* next page load tries again */ });
}());
