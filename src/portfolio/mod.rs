//! Portfolios: a manifest of captioned photos plus the photos themselves.
//! The manifest is read with the document; the photos are measured
//! separately (in parallel) from wherever they live: a folder, an upload,
//! or the built-in samples.

pub mod manifest;
pub mod photo;
pub mod samples;

use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

pub use manifest::{Item, Manifest};
pub use photo::{Measures, Photo};

/// A portfolio document's own data.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Portfolio {
    pub manifest: Manifest,
    /// One per item, once measured; `None` when no photos were available
    /// (a batch record), so photo quality is not judged.
    pub photos: Option<Vec<Photo>>,
}

impl Portfolio {
    /// Measures the items' photos from `source`.
    pub fn measure(&mut self, source: &dyn PhotoSource) {
        self.photos = Some(measure_all(&self.manifest.items, source));
    }
}

/// Where photos are read from, by the path the manifest gives.
pub trait PhotoSource: Sync {
    fn load(&self, path: &str) -> Photo;
}

/// Photos in the manifest's folder. Paths that leave it — `..`, absolute
/// paths, or links pointing outside — are refused without being read.
pub struct FolderSource {
    root: PathBuf,
}

impl FolderSource {
    pub fn new(root: impl Into<PathBuf>) -> FolderSource {
        FolderSource { root: root.into() }
    }

    /// The folder of a manifest file (`-` and bare names: the current one).
    pub fn for_manifest(path: &str) -> FolderSource {
        let parent = Path::new(path)
            .parent()
            .filter(|p| path != "-" && !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        FolderSource::new(parent)
    }
}

impl PhotoSource for FolderSource {
    fn load(&self, path: &str) -> Photo {
        let joined = self.root.join(path);
        let (Ok(root), Ok(file)) = (self.root.canonicalize(), joined.canonicalize()) else {
            return Photo::Missing;
        };
        if !file.starts_with(&root) {
            return Photo::Outside;
        }
        let size = match std::fs::metadata(&file) {
            Ok(meta) if meta.is_file() => meta.len(),
            Ok(_) => return Photo::Unreadable("not a file".into()),
            Err(_) => return Photo::Missing,
        };
        if let Some(refused) = photo::oversized(size) {
            return refused;
        }
        match std::fs::read(&file) {
            Ok(bytes) => photo::measure_bytes(&bytes),
            Err(e) => Photo::Unreadable(format!("cannot read: {e}")),
        }
    }
}

/// The built-in samples (see [`samples`]); used by rule examples. Each
/// sample is measured once per process: examples share them.
pub struct SampleSource;

impl PhotoSource for SampleSource {
    fn load(&self, path: &str) -> Photo {
        static MEASURED: Mutex<Vec<(String, Photo)>> = Mutex::new(Vec::new());
        let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let cached = MEASURED.lock().map(|m| {
            m.iter()
                .find(|(name, _)| name == file)
                .map(|(_, p)| p.clone())
        });
        if let Ok(Some(photo)) = cached {
            return photo;
        }
        let photo = match samples::sample(file) {
            Some(samples::Sample::Image(image)) => Photo::Measured(photo::measure(&image)),
            Some(samples::Sample::Corrupt(bytes)) => photo::measure_bytes(&bytes),
            None => Photo::Missing,
        };
        if let Ok(mut measured) = MEASURED.lock() {
            measured.push((file.to_string(), photo.clone()));
        }
        photo
    }
}

/// Photos given as bytes by name (an upload).
pub struct MemorySource<'a> {
    pub files: Vec<(String, &'a [u8])>,
}

impl PhotoSource for MemorySource<'_> {
    fn load(&self, path: &str) -> Photo {
        self.files
            .iter()
            .find(|(name, _)| name == path)
            .map_or(Photo::Missing, |(_, bytes)| photo::measure_bytes(bytes))
    }
}

/// Photos measured beforehand, by name (an upload measured as it
/// arrived, its bytes already dropped).
pub struct MeasuredSource {
    pub photos: Vec<(String, Photo)>,
}

impl PhotoSource for MeasuredSource {
    fn load(&self, path: &str) -> Photo {
        self.photos
            .iter()
            .find(|(name, _)| name == path)
            .map_or(Photo::Missing, |(_, photo)| photo.clone())
    }
}

/// A manifest path that could leave the folder whatever the folder is:
/// absolute, or climbing with `..`.
pub fn escapes(path: &str) -> bool {
    let p = Path::new(path);
    p.is_absolute()
        || path.starts_with('/')
        || path.starts_with('\\')
        || p.components().any(|c| {
            matches!(
                c,
                Component::ParentDir | Component::RootDir | Component::Prefix(_)
            )
        })
        || path.split(['/', '\\']).any(|part| part == "..")
}

/// Measures every item's photo, in parallel, in item order.
pub fn measure_all(items: &[Item], source: &dyn PhotoSource) -> Vec<Photo> {
    items
        .par_iter()
        .map(|item| {
            if item.photo.is_empty() {
                Photo::Missing
            } else if escapes(&item.photo) {
                Photo::Outside
            } else {
                source.load(&item.photo)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_leaving_the_folder_are_caught_before_reading() {
        for path in ["../x.jpg", "/etc/passwd", "a/../../x.jpg", "..\\x.jpg"] {
            assert!(escapes(path), "{path}");
        }
        for path in ["x.jpg", "photos/x.jpg", "./photos/x..jpg"] {
            assert!(!escapes(path), "{path}");
        }
    }

    #[test]
    fn links_out_of_the_folder_are_refused() {
        let outside = tempfile::tempdir().unwrap();
        let secret = outside.path().join("secret.png");
        std::fs::write(&secret, samples::bytes("sharp-1.png").unwrap()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&secret, dir.path().join("link.png")).unwrap();
        std::fs::write(
            dir.path().join("ok.png"),
            samples::bytes("sharp-2.png").unwrap(),
        )
        .unwrap();
        let source = FolderSource::new(dir.path());
        #[cfg(unix)]
        assert_eq!(source.load("link.png"), Photo::Outside);
        assert!(source.load("ok.png").measures().is_some());
        assert_eq!(source.load("nope.png"), Photo::Missing);
    }
}
