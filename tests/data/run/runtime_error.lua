function main(ctx)
  local res = nil
  return res.status
end
