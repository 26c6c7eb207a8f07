//! Rendering paged records: every core busy, a few records ahead, memory bounded.

use super::*;
use extract::Failure as Unreadable;

/// Records rendered ahead of the one being written, if they are short.
pub(crate) const LOOKAHEAD: usize = 3;
pub(crate) const AHEAD_MAX_PAGES: usize = 50;

/// A counting semaphore: the pages being rendered at once, whatever record they are of, so
/// that memory is bounded by the cores, not by how far ahead rendering runs.
pub(crate) struct Slots {
    free: std::sync::Mutex<usize>,
    freed: std::sync::Condvar,
}

pub(crate) struct Slot<'a>(&'a Slots);

impl Slots {
    pub(crate) fn new(n: usize) -> Slots {
        Slots {
            free: std::sync::Mutex::new(n.max(1)),
            freed: std::sync::Condvar::new(),
        }
    }

    pub(crate) fn take(&self) -> Slot<'_> {
        let mut free = self.free.lock().expect("not poisoned");
        while *free == 0 {
            free = self.freed.wait(free).expect("not poisoned");
        }
        *free -= 1;
        Slot(self)
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        *self.0.free.lock().expect("not poisoned") += 1;
        self.0.freed.notify_one();
    }
}

pub(crate) fn cores() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

/// A record's pages being rendered: each page's image and its hidden words.
pub(crate) type RenderJob<'scope> = std::thread::ScopedJoinHandle<'scope, Vec<RenderedPage>>;
pub(crate) type RenderedPage = Result<Rendered, Unreadable>;

/// Renders, checks and burns in the pages of a paged record, on as many threads as the
/// machine has cores (each page is independent); results in page order. A page kept in
/// the record's cache is taken from there.
pub(crate) fn render_pages(
    ctx: &Ctx,
    source: &Source,
    pages: &[PagedPage],
    item: &Item,
) -> Vec<RenderedPage> {
    let dpi = ctx.rel.dpi;
    let one = |p: &PagedPage| -> RenderedPage {
        let key = item.cache.as_ref().map(|c| c.key(p, dpi, item.as_images));
        if let (Some(k), Some(c)) = (&key, &item.cache)
            && let Some(r) = c.get(k)
        {
            return Ok(r);
        }
        // At most one page per core is in pixels at a time, across every record rendering.
        let _slot = ctx.slots.take();
        let mut raster = match source {
            // At `dpi`, lower for a very large page; a page too large to render, or drawn
            // as anything but the whole page (poppler's tiny blank picture), fails here.
            Source::Pdf(path, _) => paged::render_pdf_page(path, p.number, dpi)?,
            Source::Image(path, _) => paged::load_image(path, p.number - 1, p.width_pt, dpi)?,
        };
        let hidden = if p.ocr {
            vec![]
        } else {
            let boxes: Vec<[f32; 4]> = p.words.iter().map(|w| [w.x0, w.y0, w.x1, w.y1]).collect();
            paged::hidden_words(&raster, &boxes)
        };
        paged::burn_in(&mut raster, &p.boxes)?;
        let ocr = if item.as_images {
            let tmp = tempfile::Builder::new()
                .prefix("ocr")
                .tempdir_in(ctx.scratch)
                .map_err(|e| format!("a scratch folder for OCR ({e})"))?;
            Some(paged::ocr_raster(&raster, tmp.path())?)
        } else {
            None
        };
        let r = Rendered {
            image: paged::encode(&raster, p.ocr)?,
            hidden,
            ocr,
        };
        if let (Some(k), Some(c)) = (&key, &item.cache) {
            c.put(k, &r);
        }
        Ok(r)
    };
    let workers = cores().min(pages.len().max(1));
    if workers <= 1 {
        return pages.iter().map(one).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<std::sync::Mutex<Option<_>>> =
        pages.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(p) = pages.get(i) else { break };
                    let r = one(p);
                    *results[i].lock().expect("not poisoned") = Some(r);
                }
            });
        }
    });
    results
        .into_iter()
        .map(|m| {
            m.into_inner()
                .expect("not poisoned")
                .unwrap_or_else(|| Err("page not rendered".into()))
        })
        .collect()
}

/// Runs `each` on the records in order, each with its pages if they were rendered ahead:
/// paged records are rendered a few records ahead, on their own threads, while the
/// current one is composed (a release of one-page scans keeps every core busy too).
pub(crate) fn each_rendered<'i>(
    ctx: &Ctx,
    items: impl Iterator<Item = Result<Item, ExportError>> + 'i,
    mut each: impl FnMut(
        Result<(Item, Option<Vec<RenderedPage>>), ExportError>,
    ) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    std::thread::scope(|scope| {
        let mut source = items;
        let mut queue: VecDeque<Result<(Item, Option<RenderJob>), ExportError>> = VecDeque::new();
        loop {
            while queue.len() < LOOKAHEAD {
                match source.next() {
                    Some(Ok(item)) => {
                        let job = match &item.body {
                            // A long record is rendered when its turn comes (memory holds
                            // one record's pages, not several long ones).
                            Body::Paged { source, pages } if pages.len() <= AHEAD_MAX_PAGES => {
                                let (source, pages, it) =
                                    (source.clone(), pages.clone(), item.clone());
                                Some(scope.spawn(move || render_pages(ctx, &source, &pages, &it)))
                            }
                            _ => None,
                        };
                        queue.push_back(Ok((item, job)));
                    }
                    Some(Err(e)) => queue.push_back(Err(e)),
                    None => break,
                }
            }
            let Some(next) = queue.pop_front() else {
                return Ok(());
            };
            each(next.map(|(item, job)| {
                let rendered = job.map(|h| h.join().expect("a render thread does not panic"));
                (item, rendered)
            }))?;
        }
    })
}
