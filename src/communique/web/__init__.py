"""Server-rendered web pages of ``communique serve``: Jinja2 templates (autoescaped), one CSS file,
charts as inline SVG drawn on the server. No JavaScript, nothing loaded from the network."""
