"""Charts: engine results to one Vega-Lite specification, drawn in the browser and statically."""
