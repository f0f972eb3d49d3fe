// Integration page: auto-refresh (off by default, remembered per browser) that never reloads while an administrator is
// ticking dead letters or typing, and a "tick all" box for the bulk retry/ignore. A file, not inline script (CSP).
(function () {
    'use strict';
    var toggle = document.getElementById('auto-refresh');
    var key = 'b2bportal.integration.autoRefresh';
    if (toggle) {
        var seconds = parseInt(toggle.getAttribute('data-refresh-seconds'), 10) || 30;
        var timer = null;
        var busy = function () {
            var active = document.activeElement;
            return document.querySelector('[data-check-group]:checked') !== null
                || (active && (active.tagName === 'INPUT' || active.tagName === 'TEXTAREA' || active.tagName === 'SELECT') && active !== toggle);
        };
        var schedule = function () {
            clearTimeout(timer);
            if (!toggle.checked) {
                return;
            }

            timer = setTimeout(function () {
                if (busy() || document.hidden) {
                    schedule();
                } else {
                    window.location.reload();
                }
            }, seconds * 1000);
        };
        try {
            toggle.checked = window.localStorage.getItem(key) === 'on';
        } catch (e) {
            toggle.checked = false;
        }

        toggle.addEventListener('change', function () {
            try {
                window.localStorage.setItem(key, toggle.checked ? 'on' : 'off');
            } catch (e) {
                // Private mode: the switch works for this page only.
            }

            schedule();
        });
        schedule();
    }

    document.querySelectorAll('[data-check-all]').forEach(function (all) {
        var group = all.getAttribute('data-check-all');
        all.addEventListener('change', function () {
            document.querySelectorAll('[data-check-group="' + group + '"]').forEach(function (box) {
                box.checked = all.checked;
            });
        });
    });
}());
