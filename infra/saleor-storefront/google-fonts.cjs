// Writes the stand-in answers for next/font/google that Next.js reads (webpack and Turbopack alike)
// when NEXT_FONT_GOOGLE_MOCKED_RESPONSES names a module: the build machine cannot reach
// fonts.googleapis.com. For every Google font a storefront can ask for with its default weights
// (variable fonts) and any `display`, the stylesheet URL Next.js would fetch maps to one @font-face
// whose file is a local font served over HTTP by run.py during the build (Turbopack downloads font
// files even when the stylesheets are mocked). The URLs come from Next.js's own functions in the
// storefront's node_modules; Turbopack bundles the answers module, so it is written out as a plain
// object literal. The storefront's source is not touched.
//
//   cd <storefront> && node google-fonts.cjs <output .cjs> <font file URL>
const fs = require("node:fs");
const path = require("node:path");

const [output, fontUrl] = process.argv.slice(2);

const googleDir = path.join(process.cwd(), "node_modules/next/dist/compiled/@next/font/dist/google");
const { getFontAxes } = require(path.join(googleDir, "get-font-axes.js"));
const { getGoogleFontsUrl } = require(path.join(googleDir, "get-google-fonts-url.js"));
const fontData = require(path.join(googleDir, "font-data.json"));

const responses = {};
for (const [family, data] of Object.entries(fontData)) {
	if (!data.weights.includes("variable")) continue; // static fonts need explicit weights: not answered
	const styles = data.styles.length === 1 ? [data.styles[0]] : ["normal"];
	const axes = getFontAxes(family, ["variable"], styles, undefined);
	const css = `/* latin */\n@font-face {\n  font-family: '${family}';\n  font-style: normal;\n` +
		`  font-weight: 100 900;\n  src: url(${fontUrl}) format('truetype');\n}\n`;
	for (const display of ["auto", "block", "swap", "fallback", "optional"]) {
		responses[getGoogleFontsUrl(family, axes, display)] = css;
	}
}
fs.writeFileSync(output, `module.exports = ${JSON.stringify(responses, null, 0)};\n`);
