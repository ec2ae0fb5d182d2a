// Leaflet finds its marker images by reading "marker-icon.png" off its stylesheet; served under
// names with a content hash (thongthin serve), that name no longer matches, so say where they are.
L.Icon.Default.imagePath = document.currentScript.dataset.images;
