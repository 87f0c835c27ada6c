"""Build examples/corpus/warc/sample.warc.gz: two saved news pages as WARC ``response`` records.

Run once with the project's interpreter (warcio is a dependency):

    .venv/bin/python examples/make_warc.py

The pages are defined below as strings, so the archive can be rebuilt at any
time and always has the same content.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

OUT = Path(__file__).resolve().parent / "corpus" / "warc" / "sample.warc.gz"

# Record 1: an AFP report in French, as published by the portal "Monde Actu".
PAGE_MONDEACTU = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>La Russie et le Vietnam resserrent leurs liens énergétiques - Monde Actu</title>
<meta name="description" content="Moscou et Hanoï se sont engagés à accélérer leurs projets communs dans le pétrole, le gaz et le nucléaire civil.">
<meta property="og:type" content="article">
<meta property="og:title" content="La Russie et le Vietnam resserrent leurs liens énergétiques">
<meta property="og:site_name" content="Monde Actu">
<meta property="og:url" content="https://www.mondeactu.example/monde/asie/russie-vietnam-energie-commission-20250604">
<meta property="article:published_time" content="2025-06-04T17:52:00+02:00">
<meta property="article:section" content="Asie">
</head>
<body>
<header>
  <a class="logo" href="/">Monde Actu</a>
  <nav><a href="/">Accueil</a> <a href="/france/">France</a> <a href="/monde/">Monde</a> <a href="/economie/">Économie</a> <a href="/sport/">Sport</a></nav>
</header>
<main>
  <p class="breadcrumb">Accueil &gt; Monde &gt; Asie</p>
  <article>
    <h1>La Russie et le Vietnam resserrent leurs liens énergétiques</h1>
    <p class="meta">Par Monde Actu avec AFP - Publié le 04/06/2025 à 17h52</p>
    <figure>
      <img src="/img/2025/06/beliaiev-khoa.jpg" alt="Arkadi Beliaïev et Vu Minh Khoa">
      <figcaption>Le vice-Premier ministre russe Arkadi Beliaïev (g) et le vice-Premier ministre vietnamien Vu Minh Khoa à Moscou, le 4 juin 2025. (AFP/Ivan Sorokin)</figcaption>
    </figure>
    <div class="texte">
      <p>Moscou, 4 juin 2025 (AFP) - La Russie et le Vietnam se sont engagés mercredi à accélérer leurs projets communs dans le pétrole, le gaz et le nucléaire civil, Moscou cherchant à consolider ses positions en Asie du Sud-Est face aux sanctions occidentales.</p>
      <p>Le vice-Premier ministre russe Arkadi Beliaïev et son homologue vietnamien Vu Minh Khoa ont coprésidé à Moscou la septième réunion de la commission intergouvernementale russo-vietnamienne sur l'énergie et l'industrie, à l'issue de laquelle ils ont signé un protocole fixant un calendrier pour chacun des grands projets.</p>
      <p>Parmi eux figurent l'extension de l'exploitation conjointe d'hydrocarbures sur le plateau continental vietnamien et la construction, avec l'aide russe, d'un centre de science et de technologie nucléaires à Hanoï, un projet évoqué depuis plus d'une décennie.</p>
      <p>"Le Vietnam est notre partenaire fiable et de longue date en Asie du Sud-Est", a déclaré M. Beliaïev à la presse. Les entreprises russes sont également prêtes à participer à la modernisation de la ligne ferroviaire Nord-Sud du Vietnam, a-t-il ajouté.</p>
      <p>Pour Hanoï, qui pratique une "diplomatie du bambou" consistant à ménager à la fois Washington, Pékin et Moscou, la Russie reste un fournisseur important d'énergie et d'engrais. Le Vietnam, dont la consommation d'électricité augmente rapidement, souhaite aussi accroître ses importations de gaz naturel liquéfié (GNL).</p>
      <p>Un mémorandum sur des livraisons de GNL russe doit être signé jeudi en présence de M. Khoa, selon la partie vietnamienne.</p>
      <p>Les échanges commerciaux entre les deux pays ont atteint 7,2 milliards de dollars en 2024, en hausse de 9,4 % selon les douanes russes, loin toutefois de l'objectif de 15 milliards de dollars fixé pour 2030.</p>
      <p>Moscou et Hanoï sont liés depuis 2012 par un "partenariat stratégique global". La prochaine réunion de la commission se tiendra au Vietnam en 2026.</p>
    </div>
    <div class="partage">Partager <a href="#">Facebook</a> <a href="#">X</a> <a href="#">Envoyer</a></div>
  </article>
  <aside><h2>Lire aussi</h2><ul><li><a href="/monde/asie/vietnam-croissance-2025">Le Vietnam vise une croissance de 8 % en 2025</a></li></ul></aside>
</main>
<footer><p>© 2025 Monde Actu - Tous droits réservés</p><a href="/mentions-legales">Mentions légales</a></footer>
</body>
</html>
"""

# Record 2: a Chilean newspaper's own report in Spanish (no agency dateline).
PAGE_GACETA = """<!DOCTYPE html>
<html lang="es-CL">
<head>
<meta charset="utf-8">
<title>Valdivieso: "Chile no será solo una mina para Europa" | La Gaceta de Santiago</title>
<meta name="description" content="El canciller defendió la estrategia del Gobierno tras la tercera reunión de la Comisión Chileno-Alemana de Energía y Materias Primas.">
<meta property="og:type" content="article">
<meta property="og:title" content="Valdivieso: &quot;Chile no será solo una mina para Europa&quot;">
<meta property="og:site_name" content="La Gaceta de Santiago">
<meta property="og:url" content="https://www.lagacetadesantiago.example/economia/2025/03/12/valdivieso-chile-no-sera-solo-una-mina-para-europa/">
<meta property="article:published_time" content="2025-03-12T06:00:00-03:00">
<meta property="article:author" content="Camila Fuentes">
<meta property="article:section" content="Economía">
</head>
<body>
<header class="cabecera">
  <a href="/" class="marca">La Gaceta de Santiago</a>
  <nav><a href="/">Inicio</a> <a href="/nacional/">Nacional</a> <a href="/economia/">Economía</a> <a href="/mundo/">Mundo</a> <a href="/opinion/">Opinión</a> <a href="/deportes/">Deportes</a></nav>
</header>
<main>
  <div class="migas">Inicio &gt; Economía</div>
  <article>
    <h1>Valdivieso: "Chile no será solo una mina para Europa"</h1>
    <p class="autor">Por Camila Fuentes</p>
    <p class="fecha">Miércoles 12 de marzo de 2025 | 06:00</p>
    <figure>
      <img src="/fotos/2025/03/valdivieso-albers.jpg" alt="Rodrigo Valdivieso y Katrin Albers">
      <figcaption>El canciller Rodrigo Valdivieso y la secretaria de Estado alemana Katrin Albers, el martes en la Cancillería. (La Gaceta/Diego Araya)</figcaption>
    </figure>
    <div class="cuerpo">
      <p>El canciller Rodrigo Valdivieso defendió el martes la estrategia del Gobierno para atraer inversión europea en litio e hidrógeno verde, tras encabezar junto a la secretaria de Estado alemana Katrin Albers la tercera reunión de la Comisión Chileno-Alemana de Energía y Materias Primas.</p>
      <p>"Chile no será solo una mina para Europa. Cada acuerdo que firmamos incluye compromisos de procesamiento local, transferencia tecnológica y empleo para nuestras regiones", dijo Valdivieso a este diario al término del encuentro, en el que Berlín comprometió 225 millones de euros para proyectos de hidrógeno verde.</p>
      <p>La declaración conjunta sobre cadenas de suministro de litio firmada por ambos gobiernos establece, entre otros puntos, la consulta a las comunidades indígenas de las zonas de extracción, una demanda histórica de los pueblos que habitan en torno al salar de Atacama.</p>
      <p>En Magallanes, la noticia fue recibida con entusiasmo por el gobernador regional, Hernán Oyarzún, quien afirmó que los recursos alemanes "pueden marcar la diferencia" para los proyectos que esperan financiamiento. "Tenemos el mejor viento del mundo, pero sin puertos ni líneas de transmisión no vamos a ninguna parte", señaló.</p>
      <p>Las organizaciones ambientalistas, en cambio, pidieron cautela. La directora de la fundación Patagonia Viva, Francisca Muñoz, advirtió que la región "no puede convertirse en una zona de sacrificio para la transición energética de otros países".</p>
      <p>Alemania es uno de los principales socios comerciales de Chile en Europa. El intercambio entre ambos países llegó a 4.100 millones de euros el año pasado, con el cobre, el litio, la fruta y el vino como principales productos de exportación chilenos.</p>
      <p>Albers viaja hoy a Antofagasta, donde recorrerá proyectos de energía solar junto a la delegación de 14 empresas alemanas que la acompaña. La cuarta reunión de la comisión se celebrará en Berlín en 2026.</p>
    </div>
    <div class="compartir">Compartir <a href="#">Facebook</a> <a href="#">X</a> <a href="#">WhatsApp</a></div>
    <section class="comentarios"><h2>Comentarios (12)</h2></section>
  </article>
  <aside><h2>Te puede interesar</h2><ul><li><a href="/economia/2025/03/10/litio-precios">Precio del litio se estabiliza tras dos años de caídas</a></li></ul></aside>
</main>
<footer><p>© 2025 La Gaceta de Santiago. Todos los derechos reservados.</p></footer>
</body>
</html>
"""

RECORDS = [
    # (target URI, WARC-Date, Last-Modified, page)
    ("https://www.lagacetadesantiago.example/economia/2025/03/12/valdivieso-chile-no-sera-solo-una-mina-para-europa/",
     "2025-03-12T14:03:11Z", "Wed, 12 Mar 2025 09:00:00 GMT", PAGE_GACETA),
    ("https://www.mondeactu.example/monde/asie/russie-vietnam-energie-commission-20250604",
     "2025-06-04T19:30:42Z", "Wed, 04 Jun 2025 15:52:00 GMT", PAGE_MONDEACTU),
]


def build(out: Path = OUT) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        info = writer.create_warcinfo_record(
            "sample.warc.gz",
            {"software": "warcio (Communiqué examples/make_warc.py)",
             "format": "WARC File Format 1.1",
             "description": "Two sample news pages for the Communiqué test corpus"},
        )
        # A fixed date keeps the archive's content the same from one build to the next.
        info.rec_headers.replace_header("WARC-Date", "2025-06-05T00:00:00Z")
        writer.write_record(info)
        for uri, warc_date, modified, page in RECORDS:
            body = page.encode("utf-8")
            http_headers = StatusAndHeaders(
                "200 OK",
                [("Content-Type", "text/html; charset=utf-8"),
                 ("Content-Length", str(len(body))),
                 ("Last-Modified", modified)],
                protocol="HTTP/1.1",
            )
            record = writer.create_warc_record(
                uri, "response", payload=BytesIO(body), http_headers=http_headers,
                warc_headers_dict={"WARC-Date": warc_date},
            )
            writer.write_record(record)
    return out


if __name__ == "__main__":
    print(build())
