//! The search index of an encrypted office: a tantivy [`Directory`] over the index folder
//! whose every file is sealed ([`seal`]'s chunked format) as tantivy writes it, and opened a
//! range at a time as tantivy reads it, so no term, stored text or position is on the disk
//! in the clear. Locks and the watch of `meta.json` are the folder's own (`MmapDirectory`'s).

use seal::{Seal, SealedFile, SealedWriter};
use std::io::{self, BufWriter, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tantivy::HasLen;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    AntiCallToken, Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, OwnedBytes,
    TerminatingWrite, WatchCallback, WatchHandle, WritePtr,
};

#[derive(Clone, Debug)]
pub(crate) struct SealedDirectory {
    root: PathBuf,
    inner: MmapDirectory,
    seal: Seal,
}

impl SealedDirectory {
    pub(crate) fn open(root: &Path, seal: Seal) -> tantivy::Result<SealedDirectory> {
        Ok(SealedDirectory {
            root: root.to_path_buf(),
            inner: MmapDirectory::open(root)?,
            seal,
        })
    }
}

#[derive(Debug)]
struct SealedHandle(SealedFile);

impl HasLen for SealedHandle {
    fn len(&self) -> usize {
        self.0.len() as usize
    }
}

impl FileHandle for SealedHandle {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        Ok(OwnedBytes::new(
            self.0.read_range(range.start as u64..range.end as u64)?,
        ))
    }
}

/// A file tantivy writes, sealed chunk by chunk; flushed to disk when terminated.
struct SealedWrite {
    writer: Option<SealedWriter<std::fs::File>>,
}

impl Write for SealedWrite {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self.writer.as_mut() {
            Some(w) => {
                w.write(buf)?;
                Ok(buf.len())
            }
            None => Err(io::Error::other("write after terminate")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        // Chunks are written as they fill; the last one only at terminate.
        Ok(())
    }
}

impl TerminatingWrite for SealedWrite {
    fn terminate_ref(&mut self, _: AntiCallToken) -> io::Result<()> {
        if let Some(w) = self.writer.take() {
            let file = w.finish()?;
            file.sync_data()?;
        }
        Ok(())
    }
}

fn io_open_error(path: &Path, e: io::Error) -> OpenReadError {
    if e.kind() == io::ErrorKind::NotFound {
        OpenReadError::FileDoesNotExist(path.to_path_buf())
    } else {
        OpenReadError::wrap_io_error(e, path.to_path_buf())
    }
}

impl Directory for SealedDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let full = self.root.join(path);
        let file = std::fs::File::open(&full).map_err(|e| io_open_error(path, e))?;
        let sealed =
            SealedFile::open(self.seal.clone(), file).map_err(|e| io_open_error(path, e))?;
        Ok(Arc::new(SealedHandle(sealed)))
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        let full = self.root.join(path);
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&full)
            .map_err(|e| {
                if e.kind() == io::ErrorKind::AlreadyExists {
                    OpenWriteError::FileAlreadyExists(path.to_path_buf())
                } else {
                    OpenWriteError::wrap_io_error(e, path.to_path_buf())
                }
            })?;
        let writer = SealedWriter::new(self.seal.clone(), file)
            .map_err(|e| OpenWriteError::wrap_io_error(e, path.to_path_buf()))?;
        Ok(BufWriter::new(Box::new(SealedWrite {
            writer: Some(writer),
        })))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        let sealed = self.inner.atomic_read(path)?;
        self.seal
            .open_file(&sealed)
            .map_err(|e| OpenReadError::wrap_io_error(e, path.to_path_buf()))
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        let sealed = self.seal.seal_file(data)?;
        self.inner.atomic_write(path, &sealed)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.inner.acquire_lock(lock)
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}
