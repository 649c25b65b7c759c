/*
 * The Smart Cards page of the Felix Web Console: fetches data.json from the plugin every two seconds and renders
 * it with DOM calls (text only, never markup from the data). Actions are POSTs with the X-CardManage-Request header.
 */
(function () {
    'use strict';

    var REFRESH_MS = 2000;
    var root = document.getElementById('cardmanage');
    var pluginRoot = root.getAttribute('data-plugin-root');
    // The disposition chosen per attachment and the profile per reader survive the re-rendering.
    var dispositions = {};
    var profiles = {};
    var message = null;

    function el(tag, attributes, children) {
        var node = document.createElement(tag);
        Object.keys(attributes || {}).forEach(function (name) {
            node.setAttribute(name, attributes[name]);
        });
        (children || []).forEach(function (child) {
            if (child === null || child === undefined) {
                return;
            }
            node.appendChild(typeof child === 'string' || typeof child === 'number'
                ? document.createTextNode(String(child)) : child);
        });
        return node;
    }

    function table(id, headers, rows) {
        var head = el('tr', {}, headers.map(function (h) { return el('th', {}, [h]); }));
        return el('table', { id: id, 'class': 'nicetable cm-table' }, [el('thead', {}, [head]), el('tbody', {}, rows)]);
    }

    function replace(containerId, node) {
        var container = document.getElementById(containerId);
        container.textContent = '';
        container.appendChild(node);
    }

    function age(ms) {
        var s = Math.floor(ms / 1000);
        if (s < 60) { return s + ' s'; }
        var m = Math.floor(s / 60);
        if (m < 60) { return m + ' min ' + (s % 60) + ' s'; }
        return Math.floor(m / 60) + ' h ' + (m % 60) + ' min';
    }

    function count(n, noun) {
        return n + ' ' + noun + (n === 1 ? '' : 's');
    }

    function clock(epochMs) {
        return new Date(epochMs).toLocaleTimeString();
    }

    function select(name, options, chosen, onChange) {
        var node = el('select', { name: name }, options.map(function (o) {
            var option = el('option', { value: o }, [o]);
            if (o === chosen) { option.selected = true; }
            return option;
        }));
        node.addEventListener('change', function () { onChange(node.value); });
        return node;
    }

    function button(label, action, onClick) {
        var node = el('button', { type: 'button', 'class': 'ui-button', 'data-action': action }, [label]);
        node.addEventListener('click', onClick);
        return node;
    }

    function renderHealth(data) {
        if (!data.health.length) {
            replace('cm-health', el('p', {}, ['No health check results (Felix Health Checks not installed).']));
            return;
        }
        replace('cm-health', table('cm-health-table', ['Check', 'Status', 'Details'], data.health.map(function (h) {
            return el('tr', { 'data-check': h.name }, [el('td', {}, [h.name]),
                el('td', { 'class': 'cm-status cm-' + h.status.toLowerCase() }, [h.status]),
                el('td', {}, [h.messages.join('; ')])]);
        })));
    }

    function renderReaders(data) {
        var sim = data.simulator;
        var rows = data.readers.map(function (r) {
            var atr = r.atr;
            var actions = [];
            if (r.simulated && sim.available) {
                if (r.cardPresent) {
                    actions.push(button('Remove card', 'remove', function () {
                        act({ action: 'remove', reader: r.name });
                    }));
                } else {
                    actions.push(select('profile', sim.profiles, profiles[r.name] || 'demo', function (v) {
                        profiles[r.name] = v;
                    }));
                    actions.push(button('Insert card', 'insert', function () {
                        act({ action: 'insert', reader: r.name, profile: profiles[r.name] || 'demo' });
                    }));
                }
            }
            return el('tr', { 'data-reader': r.name }, [
                el('td', { 'class': 'cm-reader' }, [r.name]),
                el('td', {}, [r.driver]),
                el('td', {}, [r.cardPresent ? 'yes' : 'no']),
                el('td', { 'class': 'cm-hex' }, [atr ? atr.hex : (r.cardPresent ? '(not well-formed)' : '-')]),
                el('td', {}, [atr ? atr.protocols.join(', ') + ' (' + atr.convention + ')' : '-']),
                el('td', {}, atr ? [el('span', { 'class': 'cm-hex' }, [atr.historicalBytes || '-']),
                    atr.historicalText ? ' "' + atr.historicalText + '"' : ''] : ['-']),
                el('td', {}, [r.attachments]),
                el('td', {}, [r.lockHolder || '-']),
                el('td', {}, actions)]);
        });
        replace('cm-readers', rows.length ? table('cm-readers-table', ['Reader', 'Driver', 'Card', 'ATR',
            'Protocols', 'Historical bytes', 'Attachments', 'Lock holder', 'Simulator'], rows)
            : el('p', {}, ['No readers.']));
    }

    function renderAttachments(data) {
        var rows = data.attachments.map(function (a) {
            var lock = a.lockHeld ? 'held, unused for ' + a.lockIdleMs + ' ms' : '-';
            var chosen = dispositions[a.id] || 'RESET';
            return el('tr', { 'data-attachment': a.id }, [
                el('td', { 'class': 'cm-id' }, [a.id]),
                el('td', {}, [a.reader]),
                el('td', {}, [a.owner]),
                el('td', {}, [a.shareMode]),
                el('td', {}, [a.state]),
                el('td', {}, [lock]),
                el('td', { title: clock(a.created) }, [age(a.ageMs)]),
                el('td', {}, [
                    select('disposition', ['LEAVE', 'RESET', 'UNPOWER', 'EJECT'], chosen, function (v) {
                        dispositions[a.id] = v;
                    }),
                    button('Force detach', 'detach', function () {
                        var disposition = dispositions[a.id] || 'RESET';
                        if (window.confirm('Force-detach ' + a.id + ' of ' + a.owner + ' with ' + disposition
                                + '? Its owner\'s next call will fail.')) {
                            act({ action: 'detach', id: a.id, disposition: disposition });
                        }
                    })])]);
        });
        replace('cm-attachments', rows.length ? table('cm-attachments-table', ['ID', 'Reader', 'Owner bundle',
            'Share mode', 'State', 'Lock', 'Age', 'Action'], rows) : el('p', { id: 'cm-no-attachments' },
            ['No attachments.']));
    }

    function renderEvents(data) {
        var rows = data.events.map(function (e) {
            var detail = [e.atr ? 'ATR ' + e.atr : null, e.attachment ? 'attachment ' + e.attachment : null,
                e.reason].filter(function (x) { return x; }).join('; ');
            return el('tr', {}, [el('td', {}, [clock(e.time)]), el('td', {}, [e.type]), el('td', {}, [e.reader]),
                el('td', {}, [detail])]);
        });
        replace('cm-events', rows.length ? table('cm-events-table', ['Time', 'Event', 'Reader', 'Detail'], rows)
            : el('p', {}, ['No card events since the page\'s bundle started.']));
    }

    function renderStatus(data, error) {
        var status = document.getElementById('cm-status');
        status.textContent = '';
        if (error) {
            status.appendChild(el('span', { 'class': 'cm-error' }, ['Cannot update: ' + error]));
        } else if (!data.coreRunning) {
            status.appendChild(el('span', { 'class': 'cm-error' }, ['The card manager (cardmanage core) is not '
                + 'running.']));
        } else {
            status.appendChild(document.createTextNode(count(data.readers.length, 'reader') + ', '
                + count(data.attachments.length, 'attachment') + '; lock idle bound ' + data.lockIdleTimeoutMs
                + ' ms; updated ' + clock(data.time) + '.'));
        }
        if (message) {
            status.appendChild(el('span', { id: 'cm-message', 'class': message.ok ? 'cm-ok' : 'cm-error' },
                [' ' + message.text]));
        }
    }

    function render(data) {
        renderStatus(data, null);
        renderHealth(data);
        renderReaders(data);
        renderAttachments(data);
        renderEvents(data);
    }

    function refresh() {
        return fetch(pluginRoot + '/data.json', { credentials: 'same-origin', cache: 'no-store' })
            .then(function (response) {
                if (!response.ok) { throw new Error('HTTP ' + response.status); }
                return response.json();
            })
            .then(render, function (error) { renderStatus(null, error.message); });
    }

    function act(params) {
        fetch(pluginRoot, {
            method: 'POST',
            credentials: 'same-origin',
            headers: { 'X-CardManage-Request': 'action', 'Content-Type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams(params).toString()
        }).then(function (response) {
            return response.json();
        }).then(function (body) {
            message = { ok: body.ok, text: body.message };
        }, function (error) {
            message = { ok: false, text: error.message };
        }).then(refresh);
    }

    function loop() {
        refresh().then(function () { window.setTimeout(loop, REFRESH_MS); });
    }

    loop();
}());
